/**
 * Getting one answer to Slack exactly once, as far as Slack lets us know.
 *
 * response_url: every POST has its own timeout and the whole delivery a budget, so a hanging URL can neither lose
 * the answer nor hold shutdown. What is retried depends on whether a repeat is harmless:
 * - a reply that replaces the clicked message (`replace_original: true`, paging) is idempotent: any failure is
 *   tried again;
 * - a reply that adds a message (a command's answer, a note beside a list) is tried again only when Slack
 *   answered without taking it (5xx, 429), the connection never opened, or it timed out without an answer. A
 *   connection reset after the request went out may mean it was delivered, and neither the command's URL
 *   (replace_original there posts another copy) nor the Web API (ephemeral messages cannot be read back) can take
 *   it back, so it is not sent again.
 * When the URL is spent (404), refuses, or keeps failing, the answer goes by chat.postEphemeral to the same person
 * in the same conversation (and thread) instead. If that fails too it is logged, once.
 *
 * chat.postMessage: each post carries a metadata marker. When its outcome is unknown (reset, timeout) the thread or
 * channel is read back for the marker, and the message is posted again only if it is not there.
 */
import { randomUUID } from 'node:crypto';
import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import { isRecord, stringField } from '../guards';
import type { Logger } from '../log';
import type { SlackMessage } from '../views/surface';
import { errorName, slackApiError } from './api-errors';

const ATTEMPT_TIMEOUT_MS = 5_000;
/** All response_url attempts together; the fallback has its own attempt after it. */
const RESPONSE_BUDGET_MS = 8_000;
const RETRY_DELAYS_MS = [300, 1_000];
/** Marks our posts so a post whose outcome is unknown can be found again (needs the *:history scopes). */
const REPLY_EVENT_TYPE = 'mirrors_reply';

/** Where an answer on a response_url goes, and who hears it another way if the URL fails. */
export interface ResponseTarget {
  responseUrl: string | undefined;
  client: WebClient;
  user: string;
  channel: string | undefined;
  threadTs: string | undefined;
}

/** A response_url body: a message plus how Slack should place it. */
export interface ResponseBody extends SlackMessage {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

type Outcome =
  | { kind: 'delivered' }
  /** Slack answered and did not take it: a 404 (spent or expired URL) or a 4xx about the body. */
  | { kind: 'refused'; status: number }
  /** Nothing was done: a 5xx or 429, a connection that never opened, or no answer at all. */
  | { kind: 'failed'; status?: number; error?: string }
  /** The request went out and the connection broke: it may have arrived. */
  | { kind: 'unknown'; error: string };

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH']);

function causeCode(error: unknown): string | undefined {
  for (let at: unknown = error, depth = 0; at !== undefined && depth < 4; depth++) {
    if (typeof at !== 'object' || at === null) return undefined;
    if ('code' in at && typeof at.code === 'string') return at.code;
    at = 'cause' in at ? at.cause : undefined;
  }
  return undefined;
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

async function postOnce(url: string, body: ResponseBody, timeoutMs: number): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    if (response.ok) return { kind: 'delivered' };
    if (response.status >= 500 || response.status === 429) return { kind: 'failed', status: response.status };
    return { kind: 'refused', status: response.status };
  } catch (error) {
    const code = causeCode(error);
    // A URL that never answered within the timeout is treated as not delivered: Slack answers a delivery at once.
    if (isTimeout(error)) return { kind: 'failed', error: 'timeout' };
    if (code !== undefined && NEVER_CONNECTED.has(code)) return { kind: 'failed', error: code };
    return { kind: 'unknown', error: code ?? errorName(error) };
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Answers on a response_url, falling back to chat.postEphemeral. Never throws; true when Slack took the answer (or
 * may have: see `unknown` above).
 */
export async function respondOnce(target: ResponseTarget, body: ResponseBody, logger: Logger): Promise<boolean> {
  const replaces = body.replace_original === true;
  const deadline = Date.now() + RESPONSE_BUDGET_MS;
  let last: Outcome = { kind: 'failed', error: 'no response_url' };
  let mayHaveLanded = false;
  for (let attempt = 0; target.responseUrl !== undefined; attempt++) {
    const remaining = deadline - Date.now();
    last = await postOnce(target.responseUrl, body, Math.min(ATTEMPT_TIMEOUT_MS, remaining));
    if (last.kind === 'delivered') return true;
    if (last.kind === 'refused') break;
    if (last.kind === 'unknown') {
      mayHaveLanded = true;
      if (!replaces) {
        logger.warn('response_url broke after the answer was sent; not sending it twice', {
          attempt: attempt + 1,
          error: last.error,
        });
        return true;
      }
    }
    const delay = RETRY_DELAYS_MS[attempt];
    if (delay === undefined || Date.now() + delay + 500 > deadline) break;
    await sleep(delay);
  }
  logger.warn('could not answer on response_url', {
    status: last.kind === 'refused' || last.kind === 'failed' ? last.status : undefined,
    error: last.kind === 'failed' || last.kind === 'unknown' ? last.error : undefined,
  });
  // A page that may already have replaced the list must not arrive a second time as a new message.
  if (mayHaveLanded || (last.kind === 'refused' && last.status === 400)) return false;
  return whisperFallback(target, body, logger);
}

async function whisperFallback(target: ResponseTarget, body: ResponseBody, logger: Logger): Promise<boolean> {
  if (target.channel === undefined) {
    logger.warn('answer lost: no conversation to post it in instead');
    return false;
  }
  try {
    await target.client.chat.postEphemeral({
      channel: target.channel,
      user: target.user,
      text: body.text,
      blocks: body.blocks,
      ...(target.threadTs !== undefined ? { thread_ts: target.threadTs } : {}),
    });
    logger.info('answered by chat.postEphemeral instead of response_url', { channel: target.channel });
    return true;
  } catch (error) {
    logger.warn('answer lost: chat.postEphemeral failed too', {
      channel: target.channel,
      code: slackApiError(error),
      error: errorName(error),
    });
    return false;
  }
}

/** A Web API failure with no answer from Slack: the request may or may not have been carried out. */
function outcomeUnknown(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'slack_webapi_request_error';
}

/**
 * chat.postMessage at most once. Throws what the post threw when it did not land, so callers keep their own
 * handling of refusals (not_in_channel, ratelimited).
 */
export async function postMessageOnce(
  client: WebClient,
  args: ChatPostMessageArguments & { channel: string; thread_ts?: string },
  logger: Logger,
): Promise<void> {
  const id = randomUUID();
  const marked = { ...args, metadata: { event_type: REPLY_EVENT_TYPE, event_payload: { id } } };
  // Slack's ts are its clock's seconds; a little slack covers the skew between its clock and ours.
  const since = Date.now() / 1000 - 60;
  try {
    await client.chat.postMessage(marked);
    return;
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    const landed = await findMarked(client, args.channel, args.thread_ts, id, since);
    if (landed === true) {
      logger.info('post had landed before the connection broke; not posting it twice', { channel: args.channel });
      return;
    }
    if (landed === undefined)
      logger.warn('could not check whether a post landed; posting it again', { channel: args.channel });
    await client.chat.postMessage(marked);
  }
}

/** Whether a message with our marker is in the thread (or the channel); undefined when Slack could not say. */
async function findMarked(
  client: WebClient,
  channel: string,
  threadTs: string | undefined,
  id: string,
  since: number,
): Promise<boolean | undefined> {
  try {
    const common = { channel, oldest: since.toFixed(6), include_all_metadata: true, limit: 100 };
    const answer =
      threadTs !== undefined
        ? await client.conversations.replies({ ...common, ts: threadTs })
        : await client.conversations.history(common);
    return (answer.messages ?? []).some(
      (message) =>
        message.metadata?.event_type === REPLY_EVENT_TYPE && payloadId(message.metadata.event_payload) === id,
    );
  } catch {
    // E.g. missing_scope without the *:history scopes: the post then goes again rather than be lost.
    return undefined;
  }
}

function payloadId(payload: unknown): string | undefined {
  return isRecord(payload) ? stringField(payload, 'id') : undefined;
}
