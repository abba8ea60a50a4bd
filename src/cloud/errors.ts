/**
 * Typed cloud errors. Each carries a code (what happened), the safe facts a reply needs (region, missing RAM
 * action, RequestId) and nothing secret: no URL, no AccessKeyId, no token, no stack from pop-core.
 * The user-facing wording for each code lives in views/errors.ts.
 */
/** The RAM action the bot needs; named in the reply when RAM says no. */
export const LIST_RAM_ACTION = 'vpc:ListTrafficMirrorSessions';

/** The optional reads around the sessions (host lookups, Details): without them the bot answers with ids. */
export const LOOKUP_RAM_ACTIONS = {
  enis: 'ecs:DescribeNetworkInterfaces',
  instances: 'ecs:DescribeInstances',
  filters: 'vpc:ListTrafficMirrorFilters',
} as const;

export enum CloudErrorCode {
  /** RAM said no. `action` names what to grant. */
  PermissionDenied = 'permission_denied',
  /** NextToken is bad or expired (IllegalParam.NextToken). Offer "Start over". */
  BadNextToken = 'bad_next_token',
  /** The region does not exist or the endpoint for it cannot be resolved. */
  UnknownRegion = 'unknown_region',
  /** Throttling* after all retries. */
  Throttled = 'throttled',
  /** 5xx, ServiceUnavailable, InternalError, or a gateway page that is not JSON, after all retries. */
  Unavailable = 'unavailable',
  /** No answer within the time budget. */
  Timeout = 'timeout',
  /** Connection refused/reset, DNS failure, after all retries. */
  Network = 'network',
  /** Signature, unknown AccessKeyId, expired STS token, clock skew: our credentials are wrong. */
  BadCredentials = 'bad_credentials',
  /** The credential chain found no keys at all. */
  NoCredentials = 'no_credentials',
  /** The endpoint answers but does not serve the API (InvalidAction.NotFound): wrong endpoint or region. */
  NotServed = 'not_served',
  /** The API rejected a parameter (should not happen: we validate first). */
  InvalidParameter = 'invalid_parameter',
  /** Anything else; `apiCode` says what the API called it. */
  Unknown = 'unknown',
}

export interface CloudErrorDetails {
  region?: string;
  /** The API's error Code, e.g. "Forbidden.RAM". Safe to show. */
  apiCode?: string;
  /** The API's RequestId, for support tickets. Safe to show and log. */
  requestId?: string;
  /** For PermissionDenied: the RAM action to grant, e.g. "vpc:ListTrafficMirrorSessions". */
  action?: string;
  /**
   * For PermissionDenied: a policy denies the action outright (AccessDeniedDetail.NoPermissionType ExplicitDeny), so
   * granting it changes nothing. `policyType` names the kind of policy (ControlPolicy, AccountLevelIdentityBasedPolicy…).
   */
  explicitDeny?: boolean;
  policyType?: string;
  /** HTTP status, when known. */
  httpStatus?: number;
  /** How many attempts were made before giving up. */
  attempts?: number;
  /**
   * The account's credentials could not be had: STS AssumeRole failed (cloud/sts.ts). The message then says what
   * the admin must fix (the role does not exist, or the base identity may not assume it), naming the role.
   */
  assumeRole?: 'role_not_found' | 'not_allowed' | 'bad_role_arn' | 'other';
}

export class CloudError extends Error {
  override readonly name = 'CloudError';
  readonly code: CloudErrorCode;
  readonly details: CloudErrorDetails;

  constructor(code: CloudErrorCode, message: string, details: CloudErrorDetails = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
  }
}

export function isCloudError(error: unknown): error is CloudError {
  return error instanceof CloudError;
}

/**
 * Anything thrown, as a CloudError (Bolt's `asCodedError`, for the cloud side). A CloudError passes unchanged; any
 * other value is a bug rather than a cloud failure and becomes Unknown, with the original kept as `cause` for the
 * log (never for a reply: its message may hold a URL).
 */
export function toCloudError(error: unknown, region?: string): CloudError {
  if (error instanceof CloudError) return error;
  const where = region === undefined ? 'the VPC API' : region;
  return new CloudError(
    CloudErrorCode.Unknown,
    `An unexpected failure while asking ${where}.`,
    region === undefined ? {} : { region },
    { cause: error },
  );
}

/** True for a CloudError that `toCloudError` made from something that was not a cloud failure at all. */
export function isUnexpected(error: CloudError): boolean {
  return error.code === CloudErrorCode.Unknown && 'cause' in error;
}

/** Failures a retry a little later could fix (throttling, 5xx, timeouts, the network): these get a Retry button. */
export function isTransient(error: CloudError): boolean {
  return (
    error.code === CloudErrorCode.Throttled ||
    error.code === CloudErrorCode.Unavailable ||
    error.code === CloudErrorCode.Timeout ||
    error.code === CloudErrorCode.Network
  );
}
