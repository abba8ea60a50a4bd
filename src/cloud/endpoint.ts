/**
 * Which host answers the VPC API for a region. pop-core has no endpoint rule of its own, so we apply the official
 * SDK's: a per-region table, else the "regional" rule `vpc.{region}.aliyuncs.com`.
 */
import { CloudError, CloudErrorCode } from './errors';

/**
 * Copied as data from `_endpointMap` in node_modules/@alicloud/vpc20160428/dist/client.js (package version 7.3.2,
 * `class Client` constructor; `_endpointRule = "regional"`). Regions not listed use `vpc.{region}.aliyuncs.com`.
 */
export const VPC_ENDPOINT_MAP: Readonly<Record<string, string>> = Object.freeze({
  'cn-hangzhou': 'vpc.aliyuncs.com',
  'cn-shanghai-finance-1': 'vpc.aliyuncs.com',
  'cn-shenzhen-finance-1': 'vpc.aliyuncs.com',
  'cn-north-2-gov-1': 'vpc.aliyuncs.com',
  'ap-northeast-2-pop': 'vpc.aliyuncs.com',
  'cn-beijing-finance-pop': 'vpc.aliyuncs.com',
  'cn-beijing-gov-1': 'vpc.aliyuncs.com',
  'cn-beijing-nu16-b01': 'vpc.aliyuncs.com',
  'cn-edge-1': 'vpc-nebula.cn-qingdao-nebula.aliyuncs.com',
  'cn-fujian': 'vpc.aliyuncs.com',
  'cn-haidian-cm12-c01': 'vpc.aliyuncs.com',
  'cn-hangzhou-bj-b01': 'vpc.aliyuncs.com',
  'cn-hangzhou-finance': 'vpc.aliyuncs.com',
  'cn-hangzhou-internal-prod-1': 'vpc.aliyuncs.com',
  'cn-hangzhou-internal-test-1': 'vpc-pre.cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-2': 'vpc-inner-pre.cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-3': 'vpc-pre.cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-test-306': 'vpc-pre.cn-hangzhou.aliyuncs.com',
  'cn-hongkong-finance-pop': 'vpc.aliyuncs.com',
  'cn-huhehaote-nebula-1': 'vpc-nebula.cn-qingdao-nebula.aliyuncs.com',
  'cn-qingdao-nebula': 'vpc-nebula.cn-qingdao-nebula.aliyuncs.com',
  'cn-shanghai-et15-b01': 'vpc-pre.cn-hangzhou.aliyuncs.com',
  'cn-shanghai-et2-b01': 'vpc.aliyuncs.com',
  'cn-shanghai-inner': 'vpc.aliyuncs.com',
  'cn-shanghai-internal-test-1': 'vpc-pre.cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-inner': 'vpc.aliyuncs.com',
  'cn-shenzhen-st4-d01': 'vpc.aliyuncs.com',
  'cn-shenzhen-su18-b01': 'vpc.aliyuncs.com',
  'cn-wuhan': 'vpc.aliyuncs.com',
  'cn-yushanfang': 'vpc.aliyuncs.com',
  'cn-zhangbei': 'vpc.aliyuncs.com',
  'cn-zhangbei-na61-b01': 'vpc.aliyuncs.com',
  'cn-zhangjiakou-na62-a01': 'vpc.cn-zhangjiakou.aliyuncs.com',
  'cn-zhengzhou-nebula-1': 'vpc-nebula.cn-qingdao-nebula.aliyuncs.com',
  'eu-west-1-oxs': 'vpc-nebula.cn-shenzhen-cloudstone.aliyuncs.com',
  'rus-west-1-pop': 'vpc.aliyuncs.com',
});

/** Region ids: lowercase letters and digits in hyphen-separated parts, e.g. cn-hongkong, ap-southeast-1. */
const REGION_SHAPE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$/;
const MAX_REGION_LENGTH = 63;

export function isValidRegionId(region: string): boolean {
  return region.length <= MAX_REGION_LENGTH && REGION_SHAPE.test(region);
}

/** Problem with an ALIBABA_CLOUD_VPC_ENDPOINT value, in words, or undefined when it is usable. For config checks. */
export function endpointOverrideProblem(override: string): string | undefined {
  const trimmed = override.trim();
  if (trimmed === '') return 'is empty';
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme.split('{region}').join('cn-hangzhou'));
  } catch {
    return 'is not a URL or host name';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must use http:// or https://';
  if (url.search !== '' || url.hash !== '') return 'must not contain a query or fragment';
  if (url.username !== '' || url.password !== '') return 'must not contain credentials';
  return undefined;
}

/**
 * Copied as data from `_endpointMap` in node_modules/@alicloud/ecs20140526/dist/client.js (package version 7.11.6,
 * `class Client` constructor; `_endpointRule = "regional"`). Regions not listed use `ecs.{region}.aliyuncs.com`.
 * Unlike VPC, several central regions go to `ecs-cn-hangzhou.aliyuncs.com`, not `ecs.aliyuncs.com`.
 */
export const ECS_ENDPOINT_MAP: Readonly<Record<string, string>> = Object.freeze({
  'cn-hangzhou': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-finance-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-finance-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-north-2-gov-1': 'ecs.aliyuncs.com',
  'ap-northeast-2-pop': 'ecs.aliyuncs.com',
  'cn-beijing-finance-pop': 'ecs.aliyuncs.com',
  'cn-beijing-gov-1': 'ecs.aliyuncs.com',
  'cn-beijing-nu16-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-edge-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'cn-fujian': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-haidian-cm12-c01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-bj-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-finance': 'ecs.aliyuncs.com',
  'cn-hangzhou-internal-prod-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-2': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-internal-test-3': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hangzhou-test-306': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-hongkong-finance-pop': 'ecs.aliyuncs.com',
  'cn-huhehaote-nebula-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'cn-shanghai-et15-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-et2-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shanghai-inner': 'ecs.aliyuncs.com',
  'cn-shanghai-internal-test-1': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-inner': 'ecs.aliyuncs.com',
  'cn-shenzhen-st4-d01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-shenzhen-su18-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-wuhan': 'ecs.aliyuncs.com',
  'cn-yushanfang': 'ecs.aliyuncs.com',
  'cn-zhangbei': 'ecs.aliyuncs.com',
  'cn-zhangbei-na61-b01': 'ecs-cn-hangzhou.aliyuncs.com',
  'cn-zhangjiakou-na62-a01': 'ecs.cn-zhangjiakou.aliyuncs.com',
  'cn-zhengzhou-nebula-1': 'ecs.cn-qingdao-nebula.aliyuncs.com',
  'eu-west-1-oxs': 'ecs.cn-shenzhen-cloudstone.aliyuncs.com',
  'rus-west-1-pop': 'ecs.aliyuncs.com',
});

/** One product's endpoint rule: the SDK's table, its regional host pattern, and the variable that overrides it. */
interface ProductEndpoints {
  map: Readonly<Record<string, string>>;
  product: string;
  variable: string;
}

export const VPC_ENDPOINTS: ProductEndpoints = {
  map: VPC_ENDPOINT_MAP,
  product: 'vpc',
  variable: 'ALIBABA_CLOUD_VPC_ENDPOINT',
};
export const ECS_ENDPOINTS: ProductEndpoints = {
  map: ECS_ENDPOINT_MAP,
  product: 'ecs',
  variable: 'ALIBABA_CLOUD_ECS_ENDPOINT',
};

/**
 * The endpoint URL (scheme + host, no trailing slash) pop-core should call for `region`.
 * `override` (ALIBABA_CLOUD_VPC_ENDPOINT / _ECS_ENDPOINT) wins; `{region}` in it is replaced; https:// is added when
 * it has no scheme.
 * @throws CloudError UnknownRegion when the region id is malformed (checked before any hostname is built).
 */
export function productEndpoint(rule: ProductEndpoints, region: string, override?: string): string {
  if (!isValidRegionId(region)) {
    throw new CloudError(CloudErrorCode.UnknownRegion, 'Region id is not well formed.', { region });
  }
  if (override !== undefined && override.trim() !== '') {
    const problem = endpointOverrideProblem(override);
    if (problem !== undefined) throw new Error(`${rule.variable} ${problem}`);
    const substituted = override.trim().split('{region}').join(region);
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(substituted) ? substituted : `https://${substituted}`;
    return withScheme.replace(/\/+$/, '');
  }
  const host = Object.hasOwn(rule.map, region) ? rule.map[region] : undefined;
  return `https://${host ?? `${rule.product}.${region}.aliyuncs.com`}`;
}

/** The VPC endpoint for a region (see productEndpoint). */
export function vpcEndpoint(region: string, override?: string): string {
  return productEndpoint(VPC_ENDPOINTS, region, override);
}

/**
 * True when the host for `region` is built from the region id, so a DNS "not found" for it means "no such region"
 * rather than "the network is down".
 */
export function hostNamesRegion(region: string, override?: string, rule: ProductEndpoints = VPC_ENDPOINTS): boolean {
  if (override !== undefined && override.trim() !== '') return override.includes('{region}');
  return !Object.hasOwn(rule.map, region);
}
