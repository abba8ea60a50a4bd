import { describe, expect, it } from 'vitest';
import {
  endpointOverrideProblem,
  hostNamesRegion,
  isValidRegionId,
  VPC_ENDPOINT_MAP,
  vpcEndpoint,
} from '../../src/cloud/endpoint';
import { CloudErrorCode, isCloudError } from '../../src/cloud/errors';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isCloudError(error) ? error.code : 'not-cloud-error';
  }
  return undefined;
}

describe('vpcEndpoint', () => {
  it('uses the regional rule for ordinary regions', () => {
    expect(vpcEndpoint('cn-hongkong')).toBe('https://vpc.cn-hongkong.aliyuncs.com');
    expect(vpcEndpoint('ap-southeast-1')).toBe('https://vpc.ap-southeast-1.aliyuncs.com');
    expect(vpcEndpoint('cn-shanghai')).toBe('https://vpc.cn-shanghai.aliyuncs.com');
  });

  it("uses the official SDK's table for central regions", () => {
    expect(vpcEndpoint('cn-hangzhou')).toBe('https://vpc.aliyuncs.com');
    expect(vpcEndpoint('cn-shanghai-finance-1')).toBe('https://vpc.aliyuncs.com');
    expect(vpcEndpoint('cn-edge-1')).toBe('https://vpc-nebula.cn-qingdao-nebula.aliyuncs.com');
    expect(Object.keys(VPC_ENDPOINT_MAP)).toHaveLength(36);
  });

  it('does not treat Object.prototype names as table entries', () => {
    expect(codeOf(() => vpcEndpoint('constructor'))).toBe(CloudErrorCode.UnknownRegion);
    expect(vpcEndpoint('to-string')).toBe('https://vpc.to-string.aliyuncs.com');
  });

  it('applies an override, with {region} substituted and https:// added when there is no scheme', () => {
    expect(vpcEndpoint('cn-hongkong', 'http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
    expect(vpcEndpoint('cn-hongkong', 'vpc-vpc.{region}.aliyuncs.com')).toBe(
      'https://vpc-vpc.cn-hongkong.aliyuncs.com',
    );
    expect(vpcEndpoint('cn-hangzhou', 'https://proxy.example/{region}/')).toBe('https://proxy.example/cn-hangzhou');
    expect(vpcEndpoint('cn-hongkong', '  ')).toBe('https://vpc.cn-hongkong.aliyuncs.com');
  });

  it('rejects malformed regions before building a hostname', () => {
    for (const bad of [
      '',
      'CN-HONGKONG',
      'cn_hongkong',
      'hongkong',
      'evil.com/x',
      'cn-hongkong.evil.com',
      '-cn-x',
      'cn--x',
      'cn-x-',
    ]) {
      expect(isValidRegionId(bad)).toBe(false);
      expect(codeOf(() => vpcEndpoint(bad))).toBe(CloudErrorCode.UnknownRegion);
      expect(codeOf(() => vpcEndpoint(bad, 'https://vpc.{region}.example'))).toBe(CloudErrorCode.UnknownRegion);
    }
    expect(isValidRegionId('cn-shanghai-finance-1')).toBe(true);
  });

  it('explains bad overrides', () => {
    expect(endpointOverrideProblem('ftp://x')).toMatch(/http/);
    expect(endpointOverrideProblem('https://x/?a=b')).toMatch(/query/);
    expect(endpointOverrideProblem('https://u:p@x')).toMatch(/credentials/);
    expect(endpointOverrideProblem('vpc.{region}.aliyuncs.com')).toBeUndefined();
    expect(() => vpcEndpoint('cn-hongkong', 'ftp://x')).toThrow(/ALIBABA_CLOUD_VPC_ENDPOINT/);
  });

  it('knows when the host is named after the region', () => {
    expect(hostNamesRegion('cn-hongkong')).toBe(true);
    expect(hostNamesRegion('cn-hangzhou')).toBe(false);
    expect(hostNamesRegion('cn-hongkong', 'http://127.0.0.1:1')).toBe(false);
    expect(hostNamesRegion('cn-hongkong', 'vpc.{region}.example')).toBe(true);
  });
});

describe('a {region} endpoint template', () => {
  it('only takes regions that exist or are configured, so a typed region cannot pick the host', async () => {
    const { VpcSessionService } = await import('../../src/cloud/vpc-service');
    const service = new VpcSessionService({
      credentials: { accessKeyId: 'LTAItemplate000001', accessKeySecret: 's' },
      endpointOverride: 'https://{region}.vpc.corp.example',
      regions: ['cn-private-1'],
    });
    expect(service.endpointFor('cn-hongkong')).toBe('https://cn-hongkong.vpc.corp.example');
    expect(service.endpointFor('cn-private-1')).toBe('https://cn-private-1.vpc.corp.example');
    await expect(
      service.listPage({ region: 'cn-attacker', filters: { tags: [], sessionIds: [] }, maxResults: 10 }),
    ).rejects.toMatchObject({
      code: 'unknown_region',
    });
  });
});
