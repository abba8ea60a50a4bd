import { describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode, isUnexpected, toCloudError } from '../../src/cloud/errors';

describe('toCloudError', () => {
  it('passes a CloudError through unchanged', () => {
    const error = new CloudError(CloudErrorCode.Throttled, 'slow down', { region: 'cn-hongkong' });
    expect(toCloudError(error, 'cn-shanghai')).toBe(error);
    expect(isUnexpected(error)).toBe(false);
  });

  it('makes anything else Unknown for the region, keeps it as the cause, and leaves its text out', () => {
    const bug = new TypeError('cannot read x of https://vpc.aliyuncs.com/?AccessKeyId=LTAIsecret0001');
    const error = toCloudError(bug, 'cn-hongkong');
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: CloudErrorCode.Unknown, details: { region: 'cn-hongkong' } });
    expect(error.cause).toBe(bug);
    expect(error.message).not.toContain('LTAI');
    expect(isUnexpected(error)).toBe(true);
  });

  it('works without a region, for a value that is not an Error', () => {
    const error = toCloudError('boom');
    expect(error.details).toEqual({});
    expect(isUnexpected(error)).toBe(true);
  });
});
