/**
 * A local stand-in for the Alibaba Cloud VPC API (RPC style, version 2016-04-28) and the few ECS reads (2014-05-26)
 * the bot makes: signature V1 verification, the real error codes and statuses, the real response shapes, and faults
 * on demand. One server answers both products, dispatching on Action and Version, so ALIBABA_CLOUD_VPC_ENDPOINT and
 * ALIBABA_CLOUD_ECS_ENDPOINT may both name it. Node's `http` only; binds to loopback only.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from '../../log';
import { type Dataset, generateDataset } from './dataset';
import {
  type ActionInput,
  type ActionResult,
  describeInstances,
  describeNetworkInterfaces,
  ECS_API_VERSION,
  OWNER_ID,
} from './ecs';
import { API_ERRORS, type ApiErrorSpec, errorBody, hostIdFor, invalidParameter, newRequestId } from './errors';
import { type DenyKind, type FaultKind, FaultQueue, NGINX_502_HTML, type PendingFault } from './faults';
import { listTrafficMirrorFilters } from './filters';
import { generateInventory, type RegionInventory } from './inventory';
import { listPage, PageTokens, parseListRequest } from './list';
import { applyMutation } from './mutate';
import { computeSignature, parseRpcTimestamp, signaturesEqual } from './signature';

const VPC_API_VERSION = '2016-04-28';

type Product = 'vpc' | 'ecs';

/** Every action the stand-in answers, with the product (RAM namespace, host) and API version it belongs to. */
const ACTIONS: Readonly<Record<string, { product: Product; version: string }>> = Object.freeze({
  ListTrafficMirrorSessions: { product: 'vpc', version: VPC_API_VERSION },
  ListTrafficMirrorFilters: { product: 'vpc', version: VPC_API_VERSION },
  DescribeNetworkInterfaces: { product: 'ecs', version: ECS_API_VERSION },
  DescribeInstances: { product: 'ecs', version: ECS_API_VERSION },
});

const DENIALS: Readonly<Record<DenyKind, { NoPermissionType: string; PolicyType: string }>> = {
  implicit: { NoPermissionType: 'ImplicitDeny', PolicyType: 'AccountLevelIdentityBasedPolicy' },
  explicit: { NoPermissionType: 'ExplicitDeny', PolicyType: 'AccountLevelIdentityBasedPolicy' },
  'control-policy': { NoPermissionType: 'ExplicitDeny', PolicyType: 'ControlPolicy' },
};

const EMPTY_INVENTORY: RegionInventory = { vpcId: '', vSwitches: [], instances: [], enis: [], filters: [] };
/** How far the Timestamp may be from the server's clock, and how long a nonce is remembered. */
const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000;
const MAX_NONCES = 100_000;
const MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_MAX_REQUEST_LOG = 10_000;

export interface VpcStandInKey {
  accessKeyId: string;
  accessKeySecret: string;
  /** When set, requests with this key must carry this SecurityToken (an STS credential). */
  securityToken?: string;
}

export interface VpcStandInOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Loopback only. */
  host?: '127.0.0.1';
  /** The AccessKey pairs the stand-in accepts. */
  keys: VpcStandInKey[];
  /** Default: generateDataset(seed). */
  dataset?: Dataset;
  /** Seed for the generated data set when `dataset` is not given. */
  seed?: number;
  /** The server's clock (ms since epoch) for Timestamp and nonce checks. Default Date.now. */
  clock?: () => number;
  logger?: Logger;
  /** TotalCount as a JSON string instead of a number. Default: the data set's own flag, else false. */
  totalCountAsString?: boolean;
  /** Added before every API answer, for a realistic feel in demos. Default 0. */
  latencyMs?: number;
  /** How many entries `requests` keeps (oldest dropped first). Default 10000. */
  maxRequestLog?: number;
}

/** One API request as seen by the stand-in. Credentials (AccessKeyId, Signature, SignatureNonce, SecurityToken) are left out. */
interface RequestLogEntry {
  /** Server clock at arrival. */
  at: number;
  method: string;
  path: string;
  action?: string;
  region?: string;
  params: Record<string, string>;
  requestId?: string;
  /** HTTP status of the answer; absent while unanswered (e.g. a hang). */
  status?: number;
  /** Error code of the answer, when it was an error. */
  code?: string;
  /** The fault that shaped the answer, if any. */
  fault?: FaultKind;
}

export interface VpcStandIn {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultQueue;
  /** Every API request (not /__faults), oldest first, bounded by maxRequestLog. */
  readonly requests: readonly RequestLogEntry[];
  readonly dataset: Dataset;
  /** Stops listening and destroys every open connection, hanging ones included. */
  close(): Promise<void>;
}

const SECRET_PARAMS = new Set(['AccessKeyId', 'Signature', 'SignatureNonce', 'SecurityToken']);

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

class NonceStore {
  private readonly seen = new Map<string, number>();

  /** True (and remembered) when the nonce is fresh for this key; false when it was used within the window. */
  use(accessKeyId: string, nonce: string, now: number, timestamp: number): boolean {
    this.prune(now);
    const key = `${accessKeyId}\n${nonce}`;
    const expires = this.seen.get(key);
    if (expires !== undefined && expires > now) return false;
    this.seen.delete(key);
    // A replay is refused anyway once its Timestamp is outside the window, so a nonce need not outlive that.
    this.seen.set(key, Math.max(now, timestamp) + TIMESTAMP_WINDOW_MS);
    // Bounded memory: past the cap the oldest nonces go first.
    while (this.seen.size > MAX_NONCES) {
      const oldest = this.seen.keys().next();
      if (oldest.done === true) break;
      this.seen.delete(oldest.value);
    }
    return true;
  }

  private prune(now: number): void {
    for (const [key, expires] of this.seen) {
      if (expires > now) break;
      this.seen.delete(key);
    }
  }
}

class HttpAnswer {
  constructor(
    readonly spec: ApiErrorSpec,
    readonly extra: Record<string, unknown> = {},
  ) {}
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startVpcStandIn(options: VpcStandInOptions): Promise<VpcStandIn> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error('The VPC stand-in binds to 127.0.0.1 only.');
  if (options.keys.length === 0) throw new Error('The VPC stand-in needs at least one AccessKey pair.');
  const keys = new Map<string, VpcStandInKey>(options.keys.map((k) => [k.accessKeyId, k]));
  const dataset = options.dataset ?? generateDataset(options.seed);
  dataset.inventory ??= generateInventory(dataset.seed, dataset.regions);
  const inventory = dataset.inventory;
  const clock = options.clock ?? Date.now;
  const logger = options.logger;
  const latencyMs = options.latencyMs ?? 0;
  const maxLog = options.maxRequestLog ?? DEFAULT_MAX_REQUEST_LOG;
  const faults = new FaultQueue();
  const requests: RequestLogEntry[] = [];
  const nonces = new NonceStore();
  const tokens = new PageTokens(randomBytes(32));
  const sockets = new Set<Socket>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  let closing = false;

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0 || closing) return resolve();
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.set(timer, resolve);
    });

  const send = (
    res: http.ServerResponse,
    status: number,
    contentType: string,
    body: string,
    requestId?: string,
  ): void => {
    if (res.destroyed || res.headersSent) return;
    const headers: http.OutgoingHttpHeaders = {
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
    };
    if (requestId !== undefined) headers['x-acs-request-id'] = requestId;
    res.writeHead(status, headers);
    res.end(body);
  };

  const sendJson = (res: http.ServerResponse, status: number, body: unknown, requestId?: string): void =>
    send(res, status, 'application/json;charset=utf-8', JSON.stringify(body), requestId);

  const handleFaults = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!isLoopback(req.socket.remoteAddress))
      return sendJson(res, 403, { error: 'Faults may be set from loopback only.' });
    const body = await readBody(req);
    if (req.method === 'GET') return sendJson(res, 200, { faults: faults.pending() });
    if (req.method === 'DELETE') {
      faults.clear();
      return sendJson(res, 200, { faults: [] });
    }
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use GET, POST or DELETE.' });
    // Requiring JSON keeps a web page from setting faults with a simple cross-origin form post.
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 415, { error: 'Send the fault as application/json.' });
    if (body === undefined) return sendJson(res, 413, { error: 'Body too large.' });
    try {
      const parsed: unknown = JSON.parse(body);
      const list: unknown[] = Array.isArray(parsed)
        ? parsed
        : typeof parsed === 'object' && parsed !== null && Array.isArray((parsed as { faults?: unknown }).faults)
          ? (parsed as { faults: unknown[] }).faults
          : [parsed];
      // FaultQueue.push validates every fault before queueing any.
      faults.push(...(list as Parameters<FaultQueue['push']>));
    } catch (error) {
      return sendJson(res, 400, { error: error instanceof Error ? error.message : String(error) });
    }
    return sendJson(res, 200, { faults: faults.pending() });
  };

  const handleMutate = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    if (!isLoopback(req.socket.remoteAddress))
      return sendJson(res, 403, { error: 'Data may be changed from loopback only.' });
    const body = await readBody(req);
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use POST.' });
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 415, { error: 'Send the change as application/json.' });
    if (body === undefined) return sendJson(res, 413, { error: 'Body too large.' });
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return sendJson(res, 400, { error: 'The body is not JSON.' });
    }
    const result = applyMutation(dataset, parsed);
    if (!result.ok) return sendJson(res, 400, { error: result.error });
    logger?.info('vpc stand-in data changed', { session: result.session.TrafficMirrorSessionId });
    return sendJson(res, 200, { removed: result.removed, session: result.session });
  };

  const verify = (params: ReadonlyMap<string, string>, method: string): VpcStandInKey => {
    const signatureMethod = params.get('SignatureMethod');
    const signatureVersion = params.get('SignatureVersion');
    if (
      (signatureMethod !== undefined && signatureMethod !== 'HMAC-SHA1') ||
      (signatureVersion !== undefined && signatureVersion !== '1.0')
    ) {
      throw new HttpAnswer(API_ERRORS.unsupportedSignatureMethod);
    }
    const accessKeyId = params.get('AccessKeyId');
    const signature = params.get('Signature');
    const nonce = params.get('SignatureNonce');
    const timestamp = params.get('Timestamp');
    if (
      !accessKeyId ||
      !signature ||
      !nonce ||
      !timestamp ||
      signatureMethod === undefined ||
      signatureVersion === undefined
    ) {
      throw new HttpAnswer({
        ...API_ERRORS.invalidAccessKeyId,
        message: `${API_ERRORS.invalidAccessKeyId.message} The request is not signed: AccessKeyId, Signature, SignatureMethod, SignatureVersion, SignatureNonce and Timestamp are required.`,
      });
    }
    const key = keys.get(accessKeyId);
    if (key === undefined) throw new HttpAnswer(API_ERRORS.invalidAccessKeyId);
    if (key.securityToken !== undefined && params.get('SecurityToken') !== key.securityToken)
      throw new HttpAnswer(API_ERRORS.securityTokenMismatch);
    const sentAt = parseRpcTimestamp(timestamp);
    if (sentAt === undefined) throw new HttpAnswer(API_ERRORS.timestampFormat);

    const signed: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of params) signed[k] = v;
    const expected = computeSignature(method, signed, key.accessKeySecret);
    if (!signaturesEqual(expected, signature)) throw new HttpAnswer(API_ERRORS.signatureDoesNotMatch);

    const now = clock();
    if (Math.abs(now - sentAt) > TIMESTAMP_WINDOW_MS) throw new HttpAnswer(API_ERRORS.timestampExpired);
    if (!nonces.use(accessKeyId, nonce, now, sentAt)) throw new HttpAnswer(API_ERRORS.nonceUsed);
    return key;
  };

  /** Answers with a fault; returns true when the request is done (or must never be answered). */
  const applyFault = async (
    fault: PendingFault,
    res: http.ServerResponse,
    requestId: string,
    hostId: string,
    entry: RequestLogEntry,
    product: Product,
  ): Promise<boolean> => {
    entry.fault = fault.kind;
    const fail = (spec: ApiErrorSpec, extra: Record<string, unknown> = {}): true => {
      entry.status = spec.status;
      entry.code = spec.code;
      sendJson(
        res,
        spec.status,
        errorBody(spec, requestId, hostId, extra, product === 'ecs' ? 'Ecs' : 'Vpc'),
        requestId,
      );
      return true;
    };
    switch (fault.kind) {
      case 'throttle':
        return fail(API_ERRORS.throttling);
      case '503':
        return fail(API_ERRORS.serviceUnavailable);
      case '500':
        return fail(API_ERRORS.internalError);
      case 'forbidden':
        return fail(API_ERRORS.forbidden, {
          AccessDeniedDetail: {
            AuthAction: `${product}:${entry.action ?? 'ListTrafficMirrorSessions'}`,
            AuthPrincipalType: 'SubUser',
            AuthPrincipalOwnerId: OWNER_ID,
            AuthPrincipalDisplayName: 'mirrors-bot',
            ...DENIALS[fault.deny ?? 'implicit'],
            EncodedDiagnosticMessage: randomBytes(48).toString('base64'),
          },
        });
      case 'html502':
        entry.status = 502;
        send(res, 502, 'text/html', NGINX_502_HTML);
        return true;
      case 'hang':
        // Never answered; close() destroys the socket.
        return true;
      case 'latency':
        await sleep(fault.ms ?? 0);
        return res.destroyed;
    }
  };

  const handleApi = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const entry: RequestLogEntry = { at: clock(), method, path: url.pathname, params: {} };
    requests.push(entry);
    if (requests.length > maxLog) requests.splice(0, requests.length - maxLog);
    const requestId = newRequestId();
    entry.requestId = requestId;

    const body = await readBody(req);
    const params = new Map<string, string>();
    for (const [k, v] of url.searchParams) params.set(k, v);
    if (
      body !== undefined &&
      body !== '' &&
      /^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')
    ) {
      for (const [k, v] of new URLSearchParams(body)) params.set(k, v);
    }
    for (const [k, v] of params) if (!SECRET_PARAMS.has(k)) entry.params[k] = v;
    const action = params.get('Action');
    const region = params.get('RegionId');
    if (action !== undefined) entry.action = action;
    if (region !== undefined) entry.region = region;
    const route = action !== undefined && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    const product: Product = route?.product ?? 'vpc';
    const hostId = hostIdFor(region, product);

    const fail = (spec: ApiErrorSpec, extra: Record<string, unknown> = {}): void => {
      entry.status = spec.status;
      entry.code = spec.code;
      sendJson(
        res,
        spec.status,
        errorBody(spec, requestId, hostId, extra, product === 'ecs' ? 'Ecs' : 'Vpc'),
        requestId,
      );
    };

    try {
      if (body === undefined)
        throw new HttpAnswer({ status: 413, code: 'InvalidParameter', message: 'The request body is too large.' });
      if ((method !== 'GET' && method !== 'POST') || url.pathname !== '/')
        throw new HttpAnswer(API_ERRORS.invalidAction);
      // Signature V3 (ACS3-HMAC-SHA256: the official SDK's default) names the action in a header and signs in
      // `Authorization`. Say so plainly rather than answering "no such action".
      if (/^ACS3-/i.test(req.headers.authorization ?? '') && !params.has('Signature'))
        throw new HttpAnswer(API_ERRORS.unsupportedSignatureMethod);
      if (action === undefined || route === undefined) throw new HttpAnswer(API_ERRORS.invalidAction);
      if (params.get('Version') !== route.version) throw new HttpAnswer(API_ERRORS.invalidVersion);
      const format = params.get('Format');
      if (format !== undefined && format.toLowerCase() !== 'json')
        throw new HttpAnswer(invalidParameter('This stand-in answers Format=JSON only.'));

      verify(params, method);

      await sleep(latencyMs);
      if (res.destroyed) return;
      const fault = faults.take(region, action);
      if (fault !== undefined && (await applyFault(fault, res, requestId, hostId, entry, product))) return;

      if (region === undefined || region === '')
        throw new HttpAnswer(product === 'ecs' ? API_ERRORS.missingRegionParameter : API_ERRORS.missingRegionId);
      const sessions = dataset.regions[region];
      if (sessions === undefined || !Object.hasOwn(dataset.regions, region))
        throw new HttpAnswer(API_ERRORS.invalidRegionId);

      if (action !== 'ListTrafficMirrorSessions') {
        const input: ActionInput = {
          action,
          region,
          inventory: Object.hasOwn(inventory.regions, region)
            ? (inventory.regions[region] ?? EMPTY_INVENTORY)
            : EMPTY_INVENTORY,
          params,
          tokens,
        };
        const asString = options.totalCountAsString ?? dataset.totalCountAsString ?? false;
        const result: ActionResult =
          action === 'DescribeNetworkInterfaces'
            ? describeNetworkInterfaces(input)
            : action === 'DescribeInstances'
              ? describeInstances(input)
              : listTrafficMirrorFilters(input, asString);
        if (!result.ok) throw new HttpAnswer(result.error);
        entry.status = 200;
        // RequestId first, as the services put it.
        return sendJson(res, 200, { RequestId: requestId, ...result.value }, requestId);
      }

      const parsed = parseListRequest(params);
      if (!parsed.ok) throw new HttpAnswer(parsed.error);
      const page = listPage(sessions, region, parsed.value, tokens);
      if (!page.ok) throw new HttpAnswer(page.error);

      const asString = options.totalCountAsString ?? dataset.totalCountAsString ?? false;
      entry.status = 200;
      sendJson(
        res,
        200,
        {
          NextToken: page.value.nextToken,
          RequestId: requestId,
          TotalCount: asString ? String(page.value.totalCount) : page.value.totalCount,
          TrafficMirrorSessions: page.value.sessions,
        },
        requestId,
      );
    } catch (error) {
      if (error instanceof HttpAnswer) return fail(error.spec, error.extra);
      logger?.error('vpc stand-in: unexpected error', { error: error instanceof Error ? error : String(error) });
      fail(API_ERRORS.internalError);
    } finally {
      logger?.debug('vpc stand-in request', {
        method,
        action: entry.action,
        region: entry.region,
        status: entry.status,
        code: entry.code,
        fault: entry.fault,
        requestId,
      });
    }
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const work =
      url.pathname === '/__faults'
        ? handleFaults(req, res)
        : url.pathname === '/__mutate'
          ? handleMutate(req, res)
          : handleApi(req, res, url);
    work.catch((error: unknown) => {
      logger?.error('vpc stand-in: request failed', { error: error instanceof Error ? error : String(error) });
      if (!res.headersSent && !res.destroyed)
        sendJson(res, 500, errorBody(API_ERRORS.internalError, newRequestId(), 'vpc.aliyuncs.com'));
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  logger?.info('vpc stand-in listening', { url, regions: Object.keys(dataset.regions) });

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    faults,
    requests,
    dataset,
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        for (const [timer, wake] of timers) {
          clearTimeout(timer);
          wake();
        }
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
      return closed;
    },
  };
}
