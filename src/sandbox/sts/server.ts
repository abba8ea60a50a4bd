/**
 * A local stand-in for STS AssumeRole (RPC, version 2015-04-01): signature V1 verified with the VPC stand-in's
 * signature module, the real response shape and the real error shapes for an unknown role, a caller the role does
 * not trust, and bad parameters. Each role hands out one fixed STS key (AccessKeyId, secret, SecurityToken), so the
 * VPC stand-in, whose keys are fixed at start, can be told to accept exactly those: `roleKeys`. Every call is
 * recorded, so tests count AssumeRole round trips. Node's `http` only; binds to loopback only.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../../log';
import type { VpcStandInKey } from '../vpc/server';
import { computeSignature, formatRpcTimestamp, parseRpcTimestamp, signaturesEqual } from '../vpc/signature';

const STS_API_VERSION = '2015-04-01';
const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
const MAX_BODY_BYTES = 64 * 1024;
const MAX_CALLS = 10_000;
const HOST_ID = 'sts.aliyuncs.com';

export interface StandInRole {
  /** acs:ram::<16-digit uid>:role/<name> */
  arn: string;
  /**
   * AccessKeyIds of the base identities whose AssumeRole this role's trust policy (and their sts:AssumeRole grant)
   * lets through. Undefined: every base key the stand-in knows.
   */
  trusts?: readonly string[];
  /** The role's maximum session duration; default 3600. */
  maxSessionSeconds?: number;
}

export interface StsStandInOptions {
  port?: number;
  host?: '127.0.0.1';
  /** The base AccessKey pairs that may sign AssumeRole. */
  keys: readonly VpcStandInKey[];
  roles: readonly StandInRole[];
  clock?: () => number;
  logger?: Logger;
}

/** One AssumeRole as the stand-in saw it. No credential material: not the caller's key, not what was issued. */
interface AssumeRoleCall {
  at: number;
  roleArn?: string;
  roleSessionName?: string;
  durationSeconds?: string;
  status: number;
  code?: string;
  requestId: string;
}

export interface StsStandIn {
  readonly url: string;
  readonly port: number;
  /** Every AssumeRole (answered or refused), oldest first. */
  readonly calls: readonly AssumeRoleCall[];
  /** The STS key each role hands out: give these to the VPC stand-in's `keys`. */
  readonly roleKeys: ReadonlyMap<string, VpcStandInKey>;
  close(): Promise<void>;
}

interface ErrorSpec {
  status: number;
  code: string;
  message: string;
}

const ERRORS = {
  invalidAccessKeyId: {
    status: 404,
    code: 'InvalidAccessKeyId.NotFound',
    message: 'Specified access key is not found.',
  },
  signature: {
    status: 400,
    code: 'SignatureDoesNotMatch',
    message: 'Specified signature is not matched with our calculation.',
  },
  unsigned: {
    status: 400,
    code: 'IncompleteSignature',
    message: 'The request signature does not conform to Aliyun standards. This stand-in verifies signature V1 only.',
  },
  timestamp: {
    status: 400,
    code: 'InvalidTimeStamp.Expired',
    message: 'Specified time stamp or date value is expired.',
  },
  nonce: { status: 400, code: 'SignatureNonceUsed', message: 'Specified signature nonce was used already.' },
  tokenMismatch: {
    status: 400,
    code: 'InvalidSecurityToken.MismatchWithAccessKey',
    message: 'Specified SecurityToken mismatch with the AccessKey.',
  },
  action: {
    status: 404,
    code: 'InvalidAction.NotFound',
    message: 'Specified api is not found, please check your url and method.',
  },
  version: { status: 400, code: 'InvalidVersion', message: 'Specified parameter Version is not valid.' },
  missingRoleArn: {
    status: 400,
    code: 'MissingRoleArn',
    message: 'RoleArn is mandatory for this action.',
  },
  roleArn: { status: 400, code: 'InvalidParameter.RoleArn', message: 'The parameter RoleArn is wrong.' },
  sessionName: {
    status: 400,
    code: 'InvalidParameter.RoleSessionName',
    message: 'The parameter RoleSessionName is wrong.',
  },
  duration: {
    status: 400,
    code: 'InvalidParameter.DurationSeconds',
    message: 'The Min/Max value of DurationSeconds is 15min/1hr.',
  },
  noPermission: {
    status: 403,
    code: 'NoPermission',
    message: 'You are not authorized to do this action. You should be authorized by RAM.',
  },
  internal: {
    status: 500,
    code: 'InternalError',
    message: 'The request processing has failed due to some unknown error.',
  },
} as const satisfies Record<string, ErrorSpec>;

const ROLE_ARN = /^acs:ram::(\d{16}):role\/([A-Za-z0-9.-]{1,64})$/;
const SESSION_NAME = /^[\w.@-]{2,64}$/;

class Refusal {
  constructor(
    readonly spec: ErrorSpec,
    readonly message: string = spec.message,
    readonly extra: Record<string, unknown> = {},
  ) {}
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function stsKey(): VpcStandInKey {
  return {
    accessKeyId: `STS.NSandbox${randomBytes(8).toString('hex')}`,
    accessKeySecret: randomBytes(20).toString('base64url'),
    securityToken: `CAIS${randomBytes(48).toString('base64url')}`,
  };
}

export async function startStsStandIn(options: StsStandInOptions): Promise<StsStandIn> {
  if ((options.host ?? '127.0.0.1') !== '127.0.0.1') throw new Error('The STS stand-in binds to 127.0.0.1 only.');
  if (options.keys.length === 0) throw new Error('The STS stand-in needs at least one base AccessKey pair.');
  const keys = new Map(options.keys.map((k) => [k.accessKeyId, k]));
  const roles = new Map(options.roles.map((r) => [r.arn, r]));
  const roleKeys = new Map(options.roles.map((r) => [r.arn, stsKey()]));
  const clock = options.clock ?? Date.now;
  const calls: AssumeRoleCall[] = [];
  const nonces = new Map<string, number>();
  const sockets = new Set<Socket>();

  const verify = (params: ReadonlyMap<string, string>, method: string): VpcStandInKey => {
    const get = (name: string): string => params.get(name) ?? '';
    if (get('SignatureMethod') !== 'HMAC-SHA1' || get('SignatureVersion') !== '1.0' || get('Signature') === '')
      throw new Refusal(ERRORS.unsigned);
    const key = keys.get(get('AccessKeyId'));
    if (key === undefined) throw new Refusal(ERRORS.invalidAccessKeyId);
    if (key.securityToken !== undefined && get('SecurityToken') !== key.securityToken)
      throw new Refusal(ERRORS.tokenMismatch);
    const signed: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of params) signed[k] = v;
    if (!signaturesEqual(computeSignature(method, signed, key.accessKeySecret), get('Signature')))
      throw new Refusal(ERRORS.signature);
    const sentAt = parseRpcTimestamp(get('Timestamp'));
    const now = clock();
    if (sentAt === undefined || Math.abs(now - sentAt) > TIMESTAMP_WINDOW_MS) throw new Refusal(ERRORS.timestamp);
    for (const [nonce, expires] of nonces) if (expires <= now) nonces.delete(nonce);
    const nonce = `${key.accessKeyId}\n${get('SignatureNonce')}`;
    if (get('SignatureNonce') === '' || nonces.has(nonce)) throw new Refusal(ERRORS.nonce);
    nonces.set(nonce, now + TIMESTAMP_WINDOW_MS);
    return key;
  };

  const assumeRole = (params: ReadonlyMap<string, string>, caller: VpcStandInKey, requestId: string) => {
    const arn = params.get('RoleArn');
    if (arn === undefined || arn === '') throw new Refusal(ERRORS.missingRoleArn);
    const shape = ROLE_ARN.exec(arn);
    if (!shape) throw new Refusal(ERRORS.roleArn);
    const sessionName = params.get('RoleSessionName') ?? '';
    if (!SESSION_NAME.test(sessionName)) throw new Refusal(ERRORS.sessionName);
    const role = roles.get(arn);
    if (role === undefined)
      throw new Refusal({ status: 404, code: 'EntityNotExist.Role', message: '' }, `The role not exists: ${arn}.`);
    const durationText = params.get('DurationSeconds') ?? '3600';
    const duration = /^\d+$/.test(durationText) ? Number(durationText) : Number.NaN;
    if (!(duration >= 900 && duration <= (role.maxSessionSeconds ?? 3600))) throw new Refusal(ERRORS.duration);
    if (role.trusts !== undefined && !role.trusts.includes(caller.accessKeyId)) {
      throw new Refusal(ERRORS.noPermission, ERRORS.noPermission.message, {
        AccessDeniedDetail: {
          AuthAction: 'sts:AssumeRole',
          AuthPrincipalType: 'SubUser',
          AuthPrincipalDisplayName: 'mirrors-bot',
          NoPermissionType: 'ImplicitDeny',
          PolicyType: 'AssumeRolePolicy',
          EncodedDiagnosticMessage: randomBytes(32).toString('base64'),
        },
      });
    }
    const issued = roleKeys.get(arn) ?? stsKey();
    const [, uid, name] = shape;
    return {
      RequestId: requestId,
      AssumedRoleUser: {
        Arn: `acs:ram::${uid}:role/${name?.toLowerCase()}/${sessionName}`,
        AssumedRoleId: `3${uid}:${sessionName}`,
      },
      Credentials: {
        AccessKeyId: issued.accessKeyId,
        AccessKeySecret: issued.accessKeySecret,
        SecurityToken: issued.securityToken,
        Expiration: formatRpcTimestamp(clock() + duration * 1000),
      },
    };
  };

  const send = (res: http.ServerResponse, status: number, body: unknown, requestId: string): void => {
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json;charset=utf-8',
      'content-length': Buffer.byteLength(text),
      'x-acs-request-id': requestId,
    });
    res.end(text);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const requestId = randomUUID().toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const params = new Map<string, string>(url.searchParams);
    if (body && /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? ''))
      for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    const call: AssumeRoleCall = { at: clock(), status: 0, requestId };
    const isAssume = params.get('Action') === 'AssumeRole';
    if (isAssume) {
      const arn = params.get('RoleArn');
      const session = params.get('RoleSessionName');
      const duration = params.get('DurationSeconds');
      if (arn !== undefined) call.roleArn = arn;
      if (session !== undefined) call.roleSessionName = session;
      if (duration !== undefined) call.durationSeconds = duration;
      calls.push(call);
      if (calls.length > MAX_CALLS) calls.splice(0, calls.length - MAX_CALLS);
    }
    try {
      if (body === undefined || (method !== 'GET' && method !== 'POST') || url.pathname !== '/')
        throw new Refusal(ERRORS.action);
      if (!isAssume) throw new Refusal(ERRORS.action);
      if (params.get('Version') !== STS_API_VERSION) throw new Refusal(ERRORS.version);
      const caller = verify(params, method);
      const answer = assumeRole(params, caller, requestId);
      call.status = 200;
      send(res, 200, answer, requestId);
    } catch (error) {
      const refusal = error instanceof Refusal ? error : new Refusal(ERRORS.internal);
      if (!(error instanceof Refusal))
        options.logger?.error('sts stand-in: unexpected error', {
          error: error instanceof Error ? error : String(error),
        });
      call.status = refusal.spec.status;
      call.code = refusal.spec.code;
      send(
        res,
        refusal.spec.status,
        {
          RequestId: requestId,
          HostId: HOST_ID,
          Code: refusal.spec.code,
          Message: refusal.message,
          Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(refusal.spec.code)}&product=Sts&requestId=${requestId}`,
          ...refusal.extra,
        },
        requestId,
      );
    }
  };

  const server = http.createServer((req, res) => {
    if (!isLoopback(req.socket.remoteAddress)) {
      res.destroy();
      return;
    }
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    calls,
    roleKeys,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
