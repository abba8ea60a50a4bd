import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  type Logger as BoltLogger,
  type CustomRoute,
  HTTPModuleFunctions,
  HTTPReceiver,
  type HTTPReceiverOptions,
} from '@slack/bolt';
import type { Logger } from '../../log';
import type { ReplayGuard } from './replay';

/** Slack's rule: a request more than 5 minutes off, either way, is refused. */
const SIGNATURE_WINDOW_S = 5 * 60;
const EVENTS_PATH = '/slack/events';
const FORM = 'application/x-www-form-urlencoded';

export interface GuardedReceiverOptions {
  signingSecret: string | undefined;
  customRoutes: CustomRoute[];
  boltLogger: BoltLogger;
  logger: Logger;
  replayGuard: ReplayGuard;
  now?: () => number;
  /** Distribution: Bolt's OAuth settings, which add /slack/install and /slack/oauth_redirect (GETs, unscreened). */
  oauth?: Pick<HTTPReceiverOptions, 'clientId' | 'clientSecret' | 'stateSecret' | 'installationStore' | 'scopes'> & {
    installerOptions: NonNullable<HTTPReceiverOptions['installerOptions']>;
  };
}

type Screened = { pass: true } | { pass: false; status: number; headers?: Record<string, string> };

/**
 * Bolt's HTTPReceiver with a screen in front of /slack/events. Bolt 5.1 verifies the signature but
 *  - accepts timestamps any distance into the future (it only refuses the past),
 *  - runs a replayed request again as often as it is sent within the window,
 *  - and reads `body.ssl_check` off whatever JSON.parse returned, so a signed `null` body is an unhandled
 *    rejection that ends the process.
 * The screen buffers the body (Bolt reuses a buffered body), checks all three, and hands everything else to Bolt
 * unchanged, so Bolt's own checks and answers still apply.
 */
export function guardedHttpReceiver(options: GuardedReceiverOptions): HTTPReceiver {
  const secret = options.signingSecret;
  if (!secret) throw new Error('HTTP mode needs a signing secret');
  const receiver = new HTTPReceiver({
    signingSecret: secret,
    customRoutes: options.customRoutes,
    logger: options.boltLogger,
    ...options.oauth,
  });
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (req.method !== 'POST' || pathOf(req.url) !== EVENTS_PATH) {
      bolt(req, res);
      return;
    }
    screen(req, secret, options)
      .then((screened) => {
        if (screened.pass) bolt(req, res);
        else answer(res, screened.status, screened.headers);
      })
      .catch((error: unknown) => {
        options.logger.error('request screen failed', { error: error instanceof Error ? error.name : typeof error });
        answer(res, 500);
      });
  };
  return receiver;
}

async function screen(req: IncomingMessage, secret: string, options: GuardedReceiverOptions): Promise<Screened> {
  let raw: Buffer;
  try {
    raw = (await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit)).rawBody;
  } catch (error) {
    const tooLarge = HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode?: number }).statusCode === 413;
    return { pass: false, status: tooLarge ? 413 : 400 };
  }
  const text = raw.toString();
  const form = req.headers['content-type'] === FORM;
  // Slack's unsigned SSL check: Bolt strips anything else from such a body and answers an empty 200.
  if (form && parseQuery(text).ssl_check === '1') return { pass: true };

  const nowMs = (options.now ?? Date.now)();
  const signed = verify(req, text, secret, nowMs);
  if (!signed.ok) {
    options.logger.warn('refused a request: bad signature or timestamp', { reason: signed.reason });
    return { pass: false, status: 401 };
  }
  if (!isRecordBody(text, form)) {
    options.logger.warn('refused a signed request whose body is not an object');
    return { pass: false, status: 400 };
  }
  // Slack re-signs every retry with a fresh timestamp, so a retry is never a replay. Should two attempts fall in
  // the same second (same bytes, same signature), the unsigned retry number still tells them apart; it is
  // bucketed so that varying it buys a replayer at most a handful of runs, never an unbounded number.
  const key = `${signed.signature}#${retryBucket(req.headers['x-slack-retry-num'])}`;
  const ttlMs = (signed.timestamp + SIGNATURE_WINDOW_S) * 1000 - nowMs + 1000;
  if (!(await options.replayGuard.firstSeen(key, ttlMs))) {
    options.logger.warn('refused a replayed request', { retry: retryBucket(req.headers['x-slack-retry-num']) });
    // A 4xx with X-Slack-No-Retry: should this ever be Slack itself, it stops instead of retrying three times.
    return { pass: false, status: 409, headers: { 'x-slack-no-retry': '1' } };
  }
  return { pass: true };
}

type Verified = { ok: true; signature: string; timestamp: number } | { ok: false; reason: string };

function verify(req: IncomingMessage, body: string, secret: string, nowMs: number): Verified {
  const signature = req.headers['x-slack-signature'];
  const stamp = req.headers['x-slack-request-timestamp'];
  if (typeof signature !== 'string' || typeof stamp !== 'string')
    return { ok: false, reason: 'missing or repeated headers' };
  if (!/^\d{1,12}$/.test(stamp)) return { ok: false, reason: 'malformed timestamp' };
  const timestamp = Number(stamp);
  if (Math.abs(nowMs / 1000 - timestamp) > SIGNATURE_WINDOW_S)
    return { ok: false, reason: 'timestamp outside 5 minutes' };
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${stamp}:${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'signature mismatch' };
  return { ok: true, signature, timestamp };
}

/** What Bolt's parseHTTPRequestBody would produce must be an object: Bolt reads properties off it unguarded. */
function isRecordBody(text: string, form: boolean): boolean {
  try {
    let body: unknown = text;
    if (form) {
      const query = parseQuery(text);
      body = typeof query.payload === 'string' ? JSON.parse(query.payload) : query;
    } else body = JSON.parse(text);
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  } catch {
    return false;
  }
}

function retryBucket(header: string | string[] | undefined): string {
  if (header === undefined) return '0';
  return typeof header === 'string' && /^[1-3]$/.test(header) ? header : 'other';
}

function pathOf(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

function answer(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, headers);
  res.end();
}
