/**
 * response_url: `/response/<id>`, one per slash command and per button click on a message.
 *
 * - At most 5 uses within 30 minutes; then 404 `used_url` / `expired_url`.
 * - `response_type` defaults to ephemeral. `in_channel` posts for everyone and, for a command, shows the user's
 *   command line once (as Slack does).
 * - A button's URL is tied to the message the button was on: `replace_original: true` replaces that message in place
 *   (ephemeral or not; visibility never changes) and `delete_original: true` (which must come alone) deletes it.
 * - Through a command's own URL `replace_original` does not work in real Slack: the message is posted anew, even
 *   when that URL posted an ephemeral message before (slackapi/bolt-js#2287, and slackapi/bolt-python#1268 where
 *   Slack's team confirms it). The stand-in does the same, and `delete_original` does nothing (there is no
 *   original). Both are logged.
 * - Bad bodies get a non-2xx answer: 400 `invalid_payload`, `no_text`, `invalid_blocks`.
 */
import { asBoolean, asString, isRecord, type JsonObject } from './json';
import { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS, type ResponseUrlRecord } from './state';
import type { StoredMessage } from './types';
import { ApiError, messageContent, type WebApiContext } from './web-api';

export interface ResponseUrlAnswer {
  status: number;
  body: JsonObject;
}

const CONTENT_KEYS = ['text', 'blocks', 'attachments'];

/**
 * Post a message the way a response_url (or a command's ack body) does. Does not count a use.
 * Throws ApiError on a bad payload.
 */
export function postThroughResponse(ctx: WebApiContext, record: ResponseUrlRecord, payload: JsonObject): StoredMessage {
  const state = ctx.state;
  const content = messageContent(ctx, payload);
  const inChannel = payload.response_type === 'in_channel';
  const source = record.messageTs !== undefined ? state.find(record.channel, record.messageTs) : undefined;
  let threadTs = asString(payload.thread_ts) ?? source?.threadTs;
  if (threadTs !== undefined && !state.find(record.channel, threadTs)) threadTs = undefined;
  const thread = threadTs !== undefined ? { threadTs } : {};
  if (inChannel && record.kind === 'command' && !record.commandEchoed && record.commandLine !== undefined) {
    record.commandEchoed = true;
    state.addMessage({
      channel: record.channel,
      user: record.userId,
      text: record.commandLine,
      blocks: [],
      via: 'command_echo',
      ...thread,
    });
  }
  return state.addMessage({
    channel: record.channel,
    user: state.bot.userId,
    botId: state.bot.botId,
    text: content.text,
    blocks: content.blocks,
    via: 'response_url',
    ...thread,
    ...(inChannel ? {} : { ephemeralTo: record.userId }),
  });
}

function fail(status: number, error: string, extra: JsonObject = {}): ResponseUrlAnswer {
  return { status, body: { ok: false, error, ...extra } };
}

export function handleResponseUrl(ctx: WebApiContext, id: string, body: string): ResponseUrlAnswer {
  const state = ctx.state;
  const record = state.responseUrl(id);
  let effect = '';
  const answer = ((): ResponseUrlAnswer => {
    if (!record) return fail(404, 'invalid_url');
    if (state.now() - record.createdAt > RESPONSE_URL_TTL_MS) return fail(404, 'expired_url');
    if (record.uses >= RESPONSE_URL_MAX_USES) return fail(404, 'used_url');
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return fail(400, 'invalid_payload');
    }
    if (!isRecord(payload)) return fail(400, 'invalid_payload');

    try {
      if (asBoolean(payload.delete_original) === true) {
        const extra = Object.keys(payload).filter(
          (key) =>
            CONTENT_KEYS.includes(key) || (key === 'replace_original' && asBoolean(payload.replace_original) === true),
        );
        if (extra.length > 0)
          return fail(400, 'invalid_payload', {
            response_metadata: { messages: [`delete_original must be sent alone (also got: ${extra.join(', ')})`] },
          });
        effect = 'delete_original';
        if (record.kind === 'command' || record.messageTs === undefined) {
          effect = 'delete_original (nothing to delete)';
          ctx.log(
            `response_url ${id}: delete_original through a command's response_url has no original message; nothing deleted`,
          );
        } else if (!state.deleteMessage(record.channel, record.messageTs)) {
          return fail(404, 'message_not_found');
        }
      } else if (
        asBoolean(payload.replace_original) === true &&
        record.kind === 'action' &&
        record.messageTs !== undefined
      ) {
        const content = messageContent(ctx, payload);
        if (!state.find(record.channel, record.messageTs)) return fail(404, 'message_not_found');
        state.updateMessage(record.channel, record.messageTs, content);
        effect = 'replace_original';
      } else {
        if (asBoolean(payload.replace_original) === true) {
          ctx.log(
            `response_url ${id}: replace_original through a command's response_url does not replace anything in Slack; posted a new message`,
          );
        }
        const posted = postThroughResponse(ctx, record, payload);
        effect = posted.ephemeralTo === undefined ? 'new_in_channel' : 'new_ephemeral';
      }
    } catch (error) {
      if (error instanceof ApiError) return fail(400, error.code, error.extra);
      throw error;
    }
    record.uses += 1;
    return { status: 200, body: { ok: true } };
  })();
  const error = answer.body.ok === true ? undefined : asString(answer.body.error);
  ctx.log(`response_url ${id} -> ${answer.status}${error !== undefined ? ` ${error}` : ''}`);
  state.recordResponseUse({
    id,
    at: Date.now(),
    kind: record?.kind ?? 'unknown',
    status: answer.status,
    effect: error ?? effect,
    uses: record?.uses ?? 0,
    ...(error !== undefined ? { error } : {}),
  });
  return answer;
}
