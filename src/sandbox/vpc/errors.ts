/**
 * The errors the stand-in answers with: the codes, HTTP statuses and messages the real VPC endpoint uses
 * (see the error codes on Alibaba Cloud's VPC API reference for ListTrafficMirrorSessions, and docs/architecture.md).
 * Every body has RequestId, HostId, Code, Message, Recommend.
 */
import { randomUUID } from 'node:crypto';

export interface ApiErrorSpec {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** Fixed error entries. Parameter errors carry their own message, built where the parameter is checked. */
export const API_ERRORS = {
  invalidAccessKeyId: {
    status: 404,
    code: 'InvalidAccessKeyId.NotFound',
    message: 'Specified access key is not found.',
  },
  signatureDoesNotMatch: {
    status: 400,
    code: 'SignatureDoesNotMatch',
    message: 'Specified signature is not matched with our calculation.',
  },
  timestampFormat: {
    status: 400,
    code: 'InvalidTimeStamp.Format',
    message: 'Specified time stamp or date value is not well formatted.',
  },
  timestampExpired: {
    status: 400,
    code: 'InvalidTimeStamp.Expired',
    message: 'Specified time stamp or date value is expired.',
  },
  nonceUsed: { status: 400, code: 'SignatureNonceUsed', message: 'Specified signature nonce was used already.' },
  securityTokenMismatch: {
    status: 400,
    code: 'InvalidSecurityToken.MismatchWithAccessKey',
    message: 'Specified SecurityToken mismatch with the AccessKey.',
  },
  unsupportedSignatureMethod: {
    status: 400,
    code: 'IncompleteSignature',
    message:
      'The request signature does not conform to Aliyun standards. This stand-in verifies signature V1 (HMAC-SHA1, SignatureVersion 1.0) only.',
  },
  missingRegionId: { status: 400, code: 'MissingRegionId', message: 'RegionId is mandatory for this action.' },
  invalidRegionId: { status: 400, code: 'InvalidRegionId.NotFound', message: 'The specified RegionId does not exist.' },
  invalidAction: {
    status: 404,
    code: 'InvalidAction.NotFound',
    message: 'Specified api is not found, please check your url and method.',
  },
  invalidVersion: { status: 400, code: 'InvalidVersion', message: 'Specified parameter Version is not valid.' },
  maxResults: { status: 400, code: 'IllegalParam.MaxResults', message: 'The specified MaxResults is illegal.' },
  nextToken: { status: 400, code: 'IllegalParam.NextToken', message: 'The specified NextToken is invalid.' },
  throttling: { status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' },
  serviceUnavailable: {
    status: 503,
    code: 'ServiceUnavailable',
    message: 'The request has failed due to a temporary failure of the server.',
  },
  internalError: {
    status: 500,
    code: 'InternalError',
    message: 'The request processing has failed due to some unknown error, exception or failure.',
  },
  missingRegionParameter: {
    status: 400,
    code: 'MissingParameter.RegionId',
    message: 'The input parameter RegionId that is mandatory for processing this request is missing.',
  },
  forbidden: {
    status: 403,
    code: 'Forbidden.RAM',
    message: 'User not authorized to operate on the specified resource.',
  },
} as const satisfies Record<string, ApiErrorSpec>;

export function invalidParameter(message: string): ApiErrorSpec {
  return { status: 400, code: 'InvalidParameter', message };
}

/** A RequestId in Alibaba's form: an uppercase UUID such as 739CA01C-92EB-4C69-BCC0-280149C6F41E. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export interface ApiErrorBody {
  RequestId: string;
  HostId: string;
  Code: string;
  Message: string;
  Recommend: string;
  [extra: string]: unknown;
}

export function errorBody(
  spec: ApiErrorSpec,
  requestId: string,
  hostId: string,
  extra: Record<string, unknown> = {},
  product: 'Vpc' | 'Ecs' = 'Vpc',
): ApiErrorBody {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: spec.code,
    Message: spec.message,
    // The real service points at its troubleshooting page; this is only a string, nothing fetches it.
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(spec.code)}&product=${product}&requestId=${requestId}`,
    ...extra,
  };
}

/** The host the real endpoint rule would give this region (cn-hangzhou is served by the central endpoint). */
export function hostIdFor(region: string | undefined, product: 'vpc' | 'ecs' = 'vpc'): string {
  if (region === undefined || region === '' || region === 'cn-hangzhou' || !/^[a-z0-9-]{1,64}$/.test(region))
    return `${product}.aliyuncs.com`;
  return `${product}.${region}.aliyuncs.com`;
}
