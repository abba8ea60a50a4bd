/**
 * Credentials per account: STS AssumeRole (2015-04-01, RPC, signature V1 through pop-core) from the base
 * credentials, one session per (Slack user, role) so ActionTrail names who asked, cached until shortly before
 * `Expiration`. Concurrent first requests share one AssumeRole; a warm request makes none.
 *
 * Why not @alicloud/credentials' RAM-role-ARN provider: it builds its STS URL as HTTPS from a host name only, so a
 * stand-in on http://127.0.0.1 cannot answer it, and it keeps one session name for the whole process.
 *
 * Knows nothing of Slack: the user id arrives as a string.
 */

import { LRUCache } from 'lru-cache';
import { isRecord } from '../guards';
import { endpointOverrideProblem } from './endpoint';
import { CloudError, CloudErrorCode } from './errors';
import { classifyFailure, safeMessage } from './map-error';
import {
  createPopClient,
  PopApiError,
  type PopClient,
  type PopClientFactory,
  type PopCredentials,
  type PopCredentialsProvider,
  PopHttpStatusError,
} from './pop-client';

export const STS_API_VERSION = '2015-04-01';
export const STS_ENDPOINT_VARIABLE = 'ALIBABA_CLOUD_STS_ENDPOINT';
export const DEFAULT_STS_ENDPOINT = 'https://sts.aliyuncs.com';
/** What the base identity needs, named when STS refuses. */
export const ASSUME_ROLE_ACTION = 'sts:AssumeRole';
/** An hour: the default maximum session of a RAM role; fewer AssumeRole calls than the 900 s minimum. */
const SESSION_SECONDS = 3600;
/** Refresh this long before `Expiration`, so no request starts with credentials about to lapse mid-call. */
const REFRESH_BEFORE_MS = 5 * 60_000;
/** STS allows 2-64 characters for RoleSessionName; the reference advises staying within 32. */
const SESSION_NAME_MAX = 32;
const TIMEOUT_MS = 5_000;

/** Why an AssumeRole failed, beyond the generic cloud codes: what the admin must fix. */
export type AssumeRoleReason =
  /** EntityNotExist.Role: the ARN names no role (typo, deleted role, wrong account id). */
  | 'role_not_found'
  /** NoPermission / Forbidden.RAM: the base identity lacks sts:AssumeRole, or the role's trust policy does not trust it. */
  | 'not_allowed'
  /** InvalidParameter.RoleArn: STS could not read the ARN. */
  | 'bad_role_arn'
  /** Anything else: credentials, network, throttling …; `code` says which. */
  | 'other';

export class AssumeRoleError extends CloudError {
  constructor(
    readonly reason: AssumeRoleReason,
    readonly roleArn: string,
    code: CloudErrorCode,
    message: string,
    details: CloudError['details'],
  ) {
    super(code, message, { ...details, assumeRole: reason });
  }
}

// ---- endpoint and session name ----------------------------------------------------------------------------------

/** Why ALIBABA_CLOUD_STS_ENDPOINT is unusable, or undefined when it is fine. */
export function stsEndpointProblem(setting: string): string | undefined {
  if (setting.includes('{region}')) return 'must not contain {region}: STS has one endpoint for the bot';
  return endpointOverrideProblem(setting);
}

/** A host means HTTPS (`sts.cn-hongkong.aliyuncs.com`); a full URL is taken as is (`http://127.0.0.1:PORT`). */
export function stsEndpoint(setting: string | undefined): string {
  const trimmed = setting?.trim() ?? '';
  if (trimmed === '') return DEFAULT_STS_ENDPOINT;
  const problem = stsEndpointProblem(trimmed);
  if (problem !== undefined) throw new Error(`${STS_ENDPOINT_VARIABLE} ${problem}`);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  return withScheme.replace(/\/+$/, '');
}

/** `mirrors-U0123ABCD`: the Slack user id in ActionTrail, within STS's `[\w.@-]` and the 32-character advice. */
export function roleSessionName(user: string): string {
  const cleaned = user.replace(/[^\w.@-]/g, '').slice(0, SESSION_NAME_MAX - 'mirrors-'.length);
  return `mirrors-${cleaned === '' ? 'unknown' : cleaned}`;
}

// ---- the provider -----------------------------------------------------------------------------------------------

interface AssumedCredentials extends PopCredentials {
  securityToken: string;
  /** ms since epoch, from `Credentials.Expiration`. */
  expiresAt: number;
  /** The AssumeRole RequestId, for matching against ActionTrail. */
  requestId: string | undefined;
}

export interface RoleCredentialsOptions {
  /** The base credentials that sign AssumeRole (the default chain in production). */
  base: PopCredentialsProvider;
  /** A full URL; see stsEndpoint(). Default https://sts.aliyuncs.com. */
  endpoint?: string;
  clientFactory?: PopClientFactory;
  clock?: () => number;
  refreshBeforeMs?: number;
  durationSeconds?: number;
  timeoutMs?: number;
  /** Sessions kept (users × roles). Default 1000; the least recently used goes first. */
  maxSessions?: number;
}

export interface RoleCredentials {
  /** Credentials for `user` in the role: cached, refreshed before expiry, shared by concurrent callers. */
  assume(roleArn: string, user: string): Promise<AssumedCredentials>;
  /** What pop-core's `credentialsProvider` takes: the role's session for this user, or the base without a role. */
  providerFor(roleArn: string | undefined, user: string): PopCredentialsProvider;
}

interface Session {
  credentials: AssumedCredentials;
  refreshAt: number;
}

export function createRoleCredentials(options: RoleCredentialsOptions): RoleCredentials {
  const clock = options.clock ?? Date.now;
  const refreshBefore = options.refreshBeforeMs ?? REFRESH_BEFORE_MS;
  const duration = options.durationSeconds ?? SESSION_SECONDS;
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const client: PopClient = (options.clientFactory ?? createPopClient)({
    endpoint: options.endpoint ?? DEFAULT_STS_ENDPOINT,
    apiVersion: STS_API_VERSION,
    credentialsProvider: options.base,
  });
  const sessions = new LRUCache<string, Session>({ max: options.maxSessions ?? 1000 });
  const inFlight = new Map<string, Promise<AssumedCredentials>>();

  const call = async (roleArn: string, user: string): Promise<AssumedCredentials> => {
    const params = { RoleArn: roleArn, RoleSessionName: roleSessionName(user), DurationSeconds: duration };
    let lastError: unknown;
    // Two attempts: a throttled or dropped AssumeRole is worth one quick retry, not the VPC call's whole budget.
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        // POST: the base identity's SecurityToken stays out of URLs (and proxies' access logs).
        const response = await client.request('AssumeRole', params, { method: 'POST', timeoutMs });
        return parseAssumeRole(response.json, response.requestId, roleArn);
      } catch (error) {
        lastError = error;
        if (!classifyFailure(error, { region: 'sts', hostNamesRegion: false }).retryable || attempt === 2) break;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
    throw toAssumeRoleError(lastError, roleArn);
  };

  const refresh = (key: string, roleArn: string, user: string, stale: Session | undefined) => {
    const pending = call(roleArn, user)
      .then((credentials) => {
        const now = clock();
        const early = credentials.expiresAt - refreshBefore;
        // A session shorter than the margin (a role capped at 900 s and a wide margin) is refreshed half-way.
        const refreshAt = early > now ? early : now + Math.max(0, (credentials.expiresAt - now) / 2);
        sessions.set(key, { credentials, refreshAt });
        return credentials;
      })
      .catch((error: unknown) => {
        // STS hiccup while the old session still has a minute: keep serving it rather than fail the request.
        if (stale && stale.credentials.expiresAt - clock() > 60_000) return stale.credentials;
        throw error;
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
    return pending;
  };

  const assume = (roleArn: string, user: string): Promise<AssumedCredentials> => {
    const key = `${user}\n${roleArn}`;
    const cached = sessions.get(key);
    if (cached && clock() < cached.refreshAt) return Promise.resolve(cached.credentials);
    return inFlight.get(key) ?? refresh(key, roleArn, user, cached);
  };

  return {
    assume,
    providerFor(roleArn, user) {
      if (roleArn === undefined) return options.base;
      return {
        async getCredentials() {
          const { accessKeyId, accessKeySecret, securityToken } = await assume(roleArn, user);
          return { accessKeyId, accessKeySecret, securityToken };
        },
      };
    },
  };
}

// ---- response and errors ----------------------------------------------------------------------------------------

function text(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `{ RequestId, AssumedRoleUser, Credentials: { AccessKeyId, AccessKeySecret, SecurityToken, Expiration } }`. */
function parseAssumeRole(
  json: Record<string, unknown>,
  requestId: string | undefined,
  roleArn: string,
): AssumedCredentials {
  const credentials = json.Credentials;
  if (isRecord(credentials)) {
    const accessKeyId = text(credentials, 'AccessKeyId');
    const accessKeySecret = text(credentials, 'AccessKeySecret');
    const securityToken = text(credentials, 'SecurityToken');
    const expiration = text(credentials, 'Expiration');
    const expiresAt = expiration === undefined ? Number.NaN : Date.parse(expiration);
    if (accessKeyId && accessKeySecret && securityToken && Number.isFinite(expiresAt)) {
      return { accessKeyId, accessKeySecret, securityToken, expiresAt, requestId };
    }
  }
  throw new AssumeRoleError(
    'other',
    roleArn,
    CloudErrorCode.Unavailable,
    safeMessage(`STS answered AssumeRole for ${roleArn} without usable credentials.`),
    { apiCode: 'MalformedResponse', ...(requestId ? { requestId } : {}) },
  );
}

const NOT_ALLOWED = /^(NoPermission|Forbidden|AccessDenied)/i;

function toAssumeRoleError(error: unknown, roleArn: string): AssumeRoleError {
  if (error instanceof AssumeRoleError) return error;
  const failure = classifyFailure(error, { region: 'sts', hostNamesRegion: false });
  const apiCode = error instanceof PopApiError ? error.apiCode : undefined;
  const httpStatus =
    error instanceof PopApiError || error instanceof PopHttpStatusError ? error.httpStatus : failure.httpStatus;
  const details: CloudError['details'] = {};
  if (apiCode !== undefined) details.apiCode = apiCode;
  if (failure.requestId !== undefined) details.requestId = failure.requestId;
  if (httpStatus !== undefined) details.httpStatus = httpStatus;
  const tag = apiCode ?? failure.errorCode;
  const suffix = `${tag ? ` (${tag})` : ''}.${failure.requestId ? ` RequestId: ${failure.requestId}.` : ''}`;
  const make = (reason: AssumeRoleReason, code: CloudErrorCode, message: string): AssumeRoleError =>
    new AssumeRoleError(reason, roleArn, code, safeMessage(message + suffix), details);

  if (apiCode === 'EntityNotExist.Role') {
    return make(
      'role_not_found',
      CloudErrorCode.Unknown,
      `The RAM role ${roleArn} does not exist: check role_arn (account id and role name) in the config file`,
    );
  }
  if (apiCode === 'InvalidParameter.RoleArn') {
    return make('bad_role_arn', CloudErrorCode.InvalidParameter, `STS cannot read the role ARN ${roleArn}`);
  }
  if ((apiCode !== undefined && NOT_ALLOWED.test(apiCode)) || (apiCode === undefined && httpStatus === 403)) {
    details.action = ASSUME_ROLE_ACTION;
    return make(
      'not_allowed',
      CloudErrorCode.PermissionDenied,
      `The bot's base identity may not assume ${roleArn}: grant it ${ASSUME_ROLE_ACTION} on that role, and make ` +
        "the role's trust policy trust the bot's account or RAM user",
    );
  }
  const what: Partial<Record<CloudErrorCode, string>> = {
    [CloudErrorCode.BadCredentials]: "STS rejected the bot's base credentials",
    [CloudErrorCode.NoCredentials]: 'No base Alibaba Cloud credentials to call STS AssumeRole with',
    [CloudErrorCode.Throttled]: 'STS is throttling AssumeRole',
    [CloudErrorCode.Unavailable]: 'STS is unavailable',
    [CloudErrorCode.Timeout]: 'STS did not answer AssumeRole in time',
    [CloudErrorCode.Network]: 'Could not reach STS',
    [CloudErrorCode.InvalidParameter]: `STS rejected a parameter of AssumeRole for ${roleArn}`,
  };
  return make('other', failure.code, `${what[failure.code] ?? `STS AssumeRole for ${roleArn} failed`}`);
}
