/**
 * The one typed seam around @alicloud/pop-core 1.8 (RPC style). Everything untyped about pop-core stays in this file:
 *
 * - its `.d.ts` lacks `credentialsProvider`, request options, the verbose constructor flag and an error type, so we
 *   declare the shapes we use here and convert the constructor once;
 * - every failure that leaves this module is one of our own error classes below, whose messages are built by us:
 *   pop-core's own messages (and httpx's) hold the whole signed URL (AccessKeyId, Signature, SecurityToken), so they
 *   never pass this boundary;
 * - the HTTP status is read from verbose mode (`new RPCClient(config, true)` resolves `[json, entry]`), because
 *   pop-core itself ignores it: a 5xx whose JSON has no `Code` would otherwise look like a success.
 *
 * Checked against node_modules/@alicloud/pop-core/lib/rpc.js and node_modules/httpx/lib/index.js.
 */

import { once } from 'node:events';
import type { Agent, RequestOptions } from 'node:http';
import PopCore from '@alicloud/pop-core';
import { isRecord, stringField } from '../guards';
import { cloudAgent } from '../ops/proxy';
import { CloudError } from './errors';

/** What pop-core needs from a credentials provider (`config.credentialsProvider`). */
export interface PopCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface PopCredentialsProvider {
  getCredentials(): Promise<PopCredentials>;
}

/** One flattened-by-pop-core parameter value. Lists become `X.1`, lists of objects `X.1.Key`. */
export type PopParamValue =
  | string
  | number
  | boolean
  | readonly string[]
  | ReadonlyArray<Readonly<Record<string, string>>>;
export type PopParams = Readonly<Record<string, PopParamValue>>;

export type HttpMethod = 'GET' | 'POST';

interface PopCallOptions {
  method: HttpMethod;
  /** Sets httpx's connect (really socket-idle) and read timeouts, in ms. */
  timeoutMs: number;
  /** Aborts the HTTP request (passed to http.request) and stops waiting for it. */
  signal?: AbortSignal;
}

/** A call that pop-core resolved. `json` is a record (json-bigint: null prototype, big integers as BigNumber). */
export interface PopResponse {
  json: Record<string, unknown>;
  httpStatus: number | undefined;
  requestId: string | undefined;
}

export interface PopClient {
  readonly endpoint: string;
  request(action: string, params: PopParams, options: PopCallOptions): Promise<PopResponse>;
}

export interface PopClientConfig {
  endpoint: string;
  apiVersion: string;
  credentialsProvider: PopCredentialsProvider;
}

export type PopClientFactory = (config: PopClientConfig) => PopClient;

// ---------------------------------------------------------------------------------------------------------------
// Our error classes: the only failures that leave this module (besides a CloudError from the credentials provider).

/** The API answered with a JSON body whose `Code` is not a success code. */
export class PopApiError extends Error {
  override readonly name = 'PopApiError';
  constructor(
    readonly apiCode: string,
    readonly httpStatus: number | undefined,
    readonly requestId: string | undefined,
    /** The parsed error body (RequestId, HostId, Code, Message, Recommend, AccessDeniedDetail …). */
    readonly body: Record<string, unknown>,
    /** `x-acs-retry-after` (milliseconds), which the official SDK honours before retrying a throttled call. */
    readonly retryAfterMs?: number,
  ) {
    super(`API error ${apiCode}${httpStatus === undefined ? '' : ` (HTTP ${httpStatus})`}`);
  }
}

/** The server answered 4xx/5xx with JSON that carries no `Code` (pop-core would have resolved it as a success). */
export class PopHttpStatusError extends Error {
  override readonly name = 'PopHttpStatusError';
  constructor(
    readonly httpStatus: number,
    readonly requestId: string | undefined,
  ) {
    super(`HTTP ${httpStatus} without an error code`);
  }
}

/** The body was not a JSON object: an HTML gateway page, an empty body, a bare value. */
export class PopBodyError extends Error {
  override readonly name = 'PopBodyError';
  constructor(readonly httpStatus: number | undefined) {
    super('response body is not a JSON object');
  }
}

export type TransportKind = 'timeout' | 'aborted' | 'network';

/** The request never got an answer: socket error, DNS failure, httpx timeout, or our own abort. */
export class PopTransportError extends Error {
  override readonly name = 'PopTransportError';
  constructor(
    readonly kind: TransportKind,
    /** Node's error code, e.g. ECONNRESET, ENOTFOUND, ABORT_ERR. Never the message (it holds the URL). */
    readonly errorCode: string | undefined,
  ) {
    super(`transport failure: ${kind}${errorCode === undefined ? '' : ` (${errorCode})`}`);
  }
}

type PopError = PopApiError | PopHttpStatusError | PopBodyError | PopTransportError;

function isPopError(error: unknown): error is PopError {
  return (
    error instanceof PopApiError ||
    error instanceof PopHttpStatusError ||
    error instanceof PopBodyError ||
    error instanceof PopTransportError
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Reading pop-core's untyped results.

function headerValue(headers: unknown, name: string): string | undefined {
  if (!isRecord(headers)) return undefined;
  const value = headers[name];
  if (typeof value === 'string' && value !== '') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** pop-core's `entry`: `{ url, request: { headers }, response: { statusCode, headers } }`. The url is never read. */
function entryStatus(entry: unknown): {
  httpStatus: number | undefined;
  headerRequestId: string | undefined;
  retryAfterMs?: number;
} {
  if (!isRecord(entry) || !isRecord(entry.response)) return { httpStatus: undefined, headerRequestId: undefined };
  const status = entry.response.statusCode;
  const retryAfter = Number.parseInt(headerValue(entry.response.headers, 'x-acs-retry-after') ?? '', 10);
  return {
    httpStatus: typeof status === 'number' ? status : undefined,
    headerRequestId: headerValue(entry.response.headers, 'x-acs-request-id'),
    ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter } : {}),
  };
}

const TIMEOUT_NAMES = /RequestTimeout|TimeoutError/;

/** Turns whatever pop-core/httpx/json-bigint threw into one of our errors, reading only safe fields. */
function normalizePopFailure(error: unknown, signal: AbortSignal | undefined): Error {
  if (error instanceof CloudError || isPopError(error)) return error;
  if (signal?.aborted) return new PopTransportError('aborted', 'ABORT_ERR');
  if (isRecord(error) || error instanceof Error) {
    const name = 'name' in error && typeof error.name === 'string' ? error.name : '';
    const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
    // pop-core's own error for a non-success Code: { code, data, entry, url } on an Error.
    if (code !== undefined && 'data' in error && isRecord(error.data)) {
      const { httpStatus, headerRequestId, retryAfterMs } = entryStatus('entry' in error ? error.entry : undefined);
      const requestId = stringField(error.data, 'RequestId') ?? headerRequestId;
      return new PopApiError(code, httpStatus, requestId, error.data, retryAfterMs);
    }
    // json-bigint throws a plain object { name: 'SyntaxError', message, at, text } (not an Error) for non-JSON.
    if (name === 'SyntaxError') return new PopBodyError(undefined);
    if (TIMEOUT_NAMES.test(name) || code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT') {
      return new PopTransportError('timeout', code);
    }
    if (name === 'AbortError' || code === 'ABORT_ERR') return new PopTransportError('aborted', code);
    return new PopTransportError('network', code);
  }
  return new PopTransportError('network', undefined);
}

/** pop-core's untyped verbose result `[json, entry]` → PopResponse, or one of our errors. */
function interpretVerboseResult(result: unknown): PopResponse {
  const json: unknown = Array.isArray(result) ? result[0] : result;
  const { httpStatus, headerRequestId } = entryStatus(Array.isArray(result) ? result[1] : undefined);
  if (!isRecord(json)) throw new PopBodyError(httpStatus);
  const requestId = stringField(json, 'RequestId') ?? headerRequestId;
  if (httpStatus !== undefined && httpStatus >= 400) throw new PopHttpStatusError(httpStatus, requestId);
  return { json, httpStatus, requestId };
}

// ---------------------------------------------------------------------------------------------------------------
// The real client.

/** Options pop-core merges into httpx.request (see httpx/lib/index.js). */
interface RawRequestOptions {
  method: HttpMethod;
  timeout: number;
  beforeRequest?: (options: RequestOptions) => RequestOptions;
  /** pop-core uses its own keep-alive agent unless given one: a proxy's, when HTTPS_PROXY covers the endpoint. */
  agent?: Agent;
}

interface RawRpcClient {
  request(action: string, params: PopParams, options: RawRequestOptions): Promise<unknown>;
}

interface RawRpcConfig {
  endpoint: string;
  apiVersion: string;
  credentialsProvider: PopCredentialsProvider;
}

type RawRpcClientConstructor = new (config: RawRpcConfig, verbose: true) => RawRpcClient;

// The single conversion of pop-core's thin typings to what lib/rpc.js really accepts (verbose flag, provider).
const RpcClient = PopCore as unknown as RawRpcClientConstructor;

/** Rejects as soon as `signal` aborts, so a request httpx keeps waiting on never holds us past our deadline. */
async function raceAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  signal.throwIfAborted();
  // `once` drops its listener when the race is over, whichever side won.
  const over = new AbortController();
  const aborted = once(signal, 'abort', { signal: over.signal }).then((): never => {
    throw signal.reason;
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    over.abort();
  }
}

class PopCoreClient implements PopClient {
  readonly endpoint: string;
  private readonly raw: RawRpcClient;
  private readonly agent: Agent | undefined;

  constructor(config: PopClientConfig) {
    this.endpoint = config.endpoint;
    this.agent = cloudAgent(config.endpoint);
    this.raw = new RpcClient(
      { endpoint: config.endpoint, apiVersion: config.apiVersion, credentialsProvider: config.credentialsProvider },
      true,
    );
  }

  async request(action: string, params: PopParams, options: PopCallOptions): Promise<PopResponse> {
    const { signal } = options;
    const raw: RawRequestOptions = {
      method: options.method,
      timeout: Math.max(1, Math.round(options.timeoutMs)),
      ...(this.agent ? { agent: this.agent } : {}),
      // httpx hands its http.request options to this hook: the signal makes Node abort the socket for real.
      ...(signal ? { beforeRequest: (o: RequestOptions): RequestOptions => ({ ...o, signal }) } : {}),
    };
    const pending = this.raw.request(action, params, raw);
    // If we stop waiting (abort), the request may still reject later: keep that from becoming unhandled.
    pending.catch(() => undefined);
    let result: unknown;
    try {
      result = await raceAbort(pending, signal);
    } catch (error: unknown) {
      throw normalizePopFailure(error, signal);
    }
    return interpretVerboseResult(result);
  }
}

export const createPopClient: PopClientFactory = (config) => new PopCoreClient(config);
