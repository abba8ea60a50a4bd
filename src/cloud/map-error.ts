/**
 * Failure → CloudError. Decides the code, whether a retry can help, and the safe facts (region, API Code,
 * RequestId, RAM action, HTTP status, attempts). Messages are built here from those facts only: never from
 * pop-core's or Node's own messages, which hold the signed URL. `scrub` runs over the result as a second net.
 */

import { isRecord } from '../guards';
import { scrub } from '../log';
import { CloudError, CloudErrorCode, type CloudErrorDetails, LIST_RAM_ACTION } from './errors';
import { PopApiError, PopBodyError, PopHttpStatusError, PopTransportError } from './pop-client';

export const LIST_ACTION = 'ListTrafficMirrorSessions';

/** What one failed attempt amounts to. */
export interface Failure {
  code: CloudErrorCode;
  retryable: boolean;
  apiCode?: string;
  requestId?: string;
  httpStatus?: number;
  action?: string;
  /** The API's own Message, only for parameter/unknown errors, only when it is plainly free of secrets. */
  apiMessage?: string;
  /** Node's error code for transport failures (ECONNRESET …). */
  errorCode?: string;
  /** How long the API asked us to wait before trying again (`x-acs-retry-after`). */
  retryAfterMs?: number;
  /** For a RAM denial: an explicit deny, and the kind of policy that denied. */
  explicitDeny?: boolean;
  policyType?: string;
}

/** Which call failed, in the words a message needs. Default: ListTrafficMirrorSessions. */
export interface Operation {
  /** The RAM action to grant when a 403 does not name one. */
  ramAction: string;
  /** "VPC API", "ECS API". */
  api: string;
  /** What the bot was not allowed to do: "list traffic mirror sessions". */
  doing: string;
}

const LIST_OPERATION: Operation = {
  ramAction: LIST_RAM_ACTION,
  api: 'VPC API',
  doing: 'list traffic mirror sessions',
};

export interface FailureContext {
  region: string;
  /** Whether the host was built from the region id (DNS "not found" then means "no such region"). */
  hostNamesRegion: boolean;
  /** Absent: ListTrafficMirrorSessions. */
  operation?: Operation;
}

const CREDENTIAL_CODES =
  /^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeyId|InvalidAccessKeySecret|InvalidTimeStamp|InvalidSecurityToken|MissingSecurityToken|InvalidSignature|Forbidden\.AccessKey)/i;
// A nonce collision, not a bad key: pop-core signs every call with a fresh nonce, so the next attempt cures it.
const NONCE_CODES = /^SignatureNonceUsed/i;
// "api is not found": the endpoint does not serve this API (a wrong endpoint, or a region without the service).
const NOT_SERVED_CODES = /^InvalidAction\.NotFound/i;
const PERMISSION_CODES = /^(Forbidden|NoPermission|AccessDenied|Unauthorized)/i;
const NEXT_TOKEN_CODES = /NextToken/i;
const REGION_CODES = /^(InvalidRegionId|InvalidRegion|UnsupportedRegion|UnknownRegion|RegionNotSupported)/i;
const THROTTLING_CODES = /^Throttling/i;
const UNAVAILABLE_CODES = /^(ServiceUnavailable|InternalError|UnknownError|ServiceTimeout)/i;
const PARAMETER_CODES =
  /^(InvalidParameter|InvalidParam|IllegalParam|IllegalParameter|MissingParameter|MissingRegionId|Missing[A-Z]|InvalidAction|InvalidVersion|UnsupportedParameter)/;

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPROTO',
  'UND_ERR_SOCKET',
]);

/** Case-sensitive on purpose: parameter names as pop-core writes them, not the word "signature" in prose. */
const SECRET_HINT = /AccessKey|Signature|SecurityToken|https?:\/\/|\bLTAI|\bSTS\.|\[redacted\]/;

/** The API's Message, if it is short, plain and free of anything secret-looking; otherwise nothing. */
function safeApiMessage(body: Record<string, unknown>): string | undefined {
  const message = body.Message;
  if (typeof message !== 'string') return undefined;
  const cleaned = scrub(message).replace(/\s+/g, ' ').trim();
  if (cleaned === '' || SECRET_HINT.test(cleaned)) return undefined;
  return cleaned.length > 200 ? `${cleaned.slice(0, 197)}...` : cleaned;
}

const RAM_ACTION_SHAPE = /^[a-z0-9-]+:[A-Za-z0-9*]+$/;

const POLICY_TYPE_SHAPE = /^[A-Za-z]{1,64}$/;

/** AccessDeniedDetail, when the 403 body carries it (an object, or JSON text of one). */
function deniedDetail(body: Record<string, unknown>): Record<string, unknown> | undefined {
  let detail: unknown = body.AccessDeniedDetail;
  if (typeof detail === 'string') {
    try {
      detail = JSON.parse(detail);
    } catch {
      return undefined;
    }
  }
  return isRecord(detail) ? detail : undefined;
}

/**
 * A RAM denial's facts: the action (AuthAction) and, for an explicit deny, the kind of policy that denied it. Only
 * shapes we recognise pass, so nothing free-form from the body reaches a reply.
 */
function denial(body: Record<string, unknown>, ramAction: string): Failure {
  const detail = deniedDetail(body);
  const action = detail?.AuthAction;
  const policyType = detail?.PolicyType;
  const failure: Failure = {
    code: CloudErrorCode.PermissionDenied,
    retryable: false,
    action: typeof action === 'string' && RAM_ACTION_SHAPE.test(action) ? action : ramAction,
  };
  if (typeof policyType === 'string' && POLICY_TYPE_SHAPE.test(policyType)) failure.policyType = policyType;
  // A control policy (resource directory) can only deny, whatever NoPermissionType says.
  if (detail?.NoPermissionType === 'ExplicitDeny' || policyType === 'ControlPolicy') failure.explicitDeny = true;
  return failure;
}

function fromApiCode(
  apiCode: string,
  httpStatus: number | undefined,
  body: Record<string, unknown>,
  ramAction: string,
): Failure {
  if (NONCE_CODES.test(apiCode)) return { code: CloudErrorCode.Unavailable, retryable: true };
  if (CREDENTIAL_CODES.test(apiCode)) return { code: CloudErrorCode.BadCredentials, retryable: false };
  if (THROTTLING_CODES.test(apiCode)) return { code: CloudErrorCode.Throttled, retryable: true };
  if (PERMISSION_CODES.test(apiCode)) return denial(body, ramAction);
  if (NOT_SERVED_CODES.test(apiCode)) return { code: CloudErrorCode.NotServed, retryable: false };
  if (NEXT_TOKEN_CODES.test(apiCode)) return { code: CloudErrorCode.BadNextToken, retryable: false };
  if (REGION_CODES.test(apiCode)) return { code: CloudErrorCode.UnknownRegion, retryable: false };
  if (UNAVAILABLE_CODES.test(apiCode)) return { code: CloudErrorCode.Unavailable, retryable: true };
  if (PARAMETER_CODES.test(apiCode)) {
    return { code: CloudErrorCode.InvalidParameter, retryable: false, apiMessage: safeApiMessage(body) };
  }
  if (httpStatus !== undefined && httpStatus >= 500) return { code: CloudErrorCode.Unavailable, retryable: true };
  if (httpStatus === 429) return { code: CloudErrorCode.Throttled, retryable: true };
  if (httpStatus === 403) return denial(body, ramAction);
  return { code: CloudErrorCode.Unknown, retryable: false, apiMessage: safeApiMessage(body) };
}

/** Classifies one failed attempt. Anything unrecognised is Unknown and not retried. */
export function classifyFailure(error: unknown, ctx: FailureContext): Failure {
  const ramAction = (ctx.operation ?? LIST_OPERATION).ramAction;
  if (error instanceof CloudError) {
    const { apiCode, requestId, httpStatus, action, explicitDeny, policyType } = error.details;
    return { code: error.code, retryable: false, apiCode, requestId, httpStatus, action, explicitDeny, policyType };
  }
  if (error instanceof PopApiError) {
    const facts = fromApiCode(error.apiCode, error.httpStatus, error.body, ramAction);
    const failure: Failure = { ...facts, apiCode: error.apiCode, requestId: error.requestId };
    if (error.httpStatus !== undefined) failure.httpStatus = error.httpStatus;
    if (facts.retryable && error.retryAfterMs !== undefined) failure.retryAfterMs = error.retryAfterMs;
    return failure;
  }
  if (error instanceof PopHttpStatusError) {
    const { httpStatus, requestId } = error;
    if (httpStatus >= 500) return { code: CloudErrorCode.Unavailable, retryable: true, httpStatus, requestId };
    if (httpStatus === 429) return { code: CloudErrorCode.Throttled, retryable: true, httpStatus, requestId };
    if (httpStatus === 403) {
      return {
        code: CloudErrorCode.PermissionDenied,
        retryable: false,
        action: ramAction,
        httpStatus,
        requestId,
      };
    }
    return { code: CloudErrorCode.Unknown, retryable: false, httpStatus, requestId };
  }
  if (error instanceof PopBodyError) {
    // A gateway or load balancer page (HTML), an empty body: the service is not answering properly.
    return { code: CloudErrorCode.Unavailable, retryable: true, httpStatus: error.httpStatus };
  }
  if (error instanceof PopTransportError) {
    const errorCode = error.errorCode;
    if (error.kind === 'timeout' || error.kind === 'aborted')
      return { code: CloudErrorCode.Timeout, retryable: true, errorCode };
    if (errorCode === 'ENOTFOUND' && ctx.hostNamesRegion)
      return { code: CloudErrorCode.UnknownRegion, retryable: false, errorCode };
    if (errorCode !== undefined && NETWORK_CODES.has(errorCode))
      return { code: CloudErrorCode.Network, retryable: true, errorCode };
    if (errorCode !== undefined && /^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(errorCode)) {
      return { code: CloudErrorCode.Network, retryable: false, errorCode };
    }
    return { code: CloudErrorCode.Network, retryable: true, errorCode };
  }
  return { code: CloudErrorCode.Unknown, retryable: false };
}

function describe(failure: Failure, region: string, operation: Operation): string {
  const api = operation.api;
  const code =
    failure.apiCode ??
    failure.errorCode ??
    (failure.httpStatus !== undefined ? `HTTP ${failure.httpStatus}` : undefined);
  const tag = code === undefined ? '' : ` (${code})`;
  switch (failure.code) {
    case CloudErrorCode.PermissionDenied:
      return failure.explicitDeny
        ? `A ${failure.policyType ?? 'RAM'} policy explicitly denies ${failure.action ?? operation.ramAction} in ${region}${tag}.`
        : `Not allowed to ${operation.doing} in ${region}: grant RAM action ${failure.action ?? operation.ramAction}${tag}.`;
    case CloudErrorCode.NotServed:
      return `The endpoint for ${region} does not serve this ${operation.api} action${tag}.`;
    case CloudErrorCode.BadNextToken:
      return `The page token is invalid or has expired${tag}.`;
    case CloudErrorCode.UnknownRegion:
      return `Region ${region} is unknown or has no ${api.replace(/ API$/, '')} endpoint${tag}.`;
    case CloudErrorCode.Throttled:
      return `The ${api} in ${region} is throttling requests${tag}.`;
    case CloudErrorCode.Unavailable:
      return `The ${api} in ${region} is unavailable${tag}.`;
    case CloudErrorCode.Timeout:
      return `The ${api} in ${region} did not answer in time.`;
    case CloudErrorCode.Network:
      return `Could not reach the ${api} for ${region}${tag}.`;
    case CloudErrorCode.BadCredentials:
      // The API's codes here name key material (InvalidAccessKeyId…, SignatureDoesNotMatch): details.apiCode has it.
      return `The ${api} rejected our Alibaba Cloud credentials: the key, signature, token or clock is wrong.`;
    case CloudErrorCode.NoCredentials:
      return 'No Alibaba Cloud credentials are configured.';
    case CloudErrorCode.InvalidParameter:
      return `The ${api} rejected a request parameter${tag}${failure.apiMessage ? `: ${failure.apiMessage}` : '.'}`;
    case CloudErrorCode.Unknown:
      return `The ${api} call failed${tag}${failure.apiMessage ? `: ${failure.apiMessage}` : '.'}`;
  }
}

/** Final net: the message is scrubbed and anything that still looks like a secret or URL is cut. */
export function safeMessage(text: string): string {
  const scrubbed = scrub(text);
  return SECRET_HINT.test(scrubbed)
    ? scrubbed.replace(/\s*\S*(AccessKey|Signature|SecurityToken|https?:\/\/|LTAI|STS\.|\[redacted\])\S*/g, '')
    : scrubbed;
}

export function failureToCloudError(
  failure: Failure,
  region: string,
  attempts: number,
  existing?: CloudError,
  operation: Operation = LIST_OPERATION,
): CloudError {
  const details: CloudErrorDetails = { region, attempts };
  if (failure.apiCode !== undefined) details.apiCode = failure.apiCode;
  if (failure.requestId !== undefined) details.requestId = failure.requestId;
  if (failure.action !== undefined) details.action = failure.action;
  if (failure.explicitDeny) details.explicitDeny = true;
  if (failure.policyType !== undefined) details.policyType = failure.policyType;
  if (failure.httpStatus !== undefined) details.httpStatus = failure.httpStatus;
  if (existing?.details.assumeRole !== undefined) details.assumeRole = existing.details.assumeRole;
  const message = existing ? existing.message : describe(failure, region, operation);
  let requestSuffix = '';
  if (failure.requestId !== undefined && !message.includes(failure.requestId))
    requestSuffix = ` RequestId: ${failure.requestId}.`;
  return new CloudError(failure.code, safeMessage(message + requestSuffix), details);
}

/** One-shot mapping (no retry bookkeeping): any failure of a ListTrafficMirrorSessions call → CloudError. */
export function mapError(error: unknown, ctx: FailureContext & { attempts?: number }): CloudError {
  const failure = classifyFailure(error, ctx);
  return failureToCloudError(
    failure,
    ctx.region,
    ctx.attempts ?? 1,
    error instanceof CloudError ? error : undefined,
    ctx.operation,
  );
}
