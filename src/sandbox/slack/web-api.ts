/**
 * The Web API stand-in: `/api/<method>`, form-encoded or JSON bodies, Bearer-token auth, Slack's error codes.
 * Every answer is HTTP 200 with `{ok: …}` JSON, like Slack, except injected rate limits (429 + Retry-After).
 */
import { basicBlockCheck, blockTextLength, checkViewShell, MESSAGE_TEXT_MAX, withGeneratedIds } from './blocks';
import { asBoolean, asString, isRecord, type JsonObject } from './json';
import { SLACKBOT_ID, type SlackState, TEAM } from './state';
import type { BlockValidator, InjectedApiError, SandboxChannel, StoredView, SurfaceKind } from './types';

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: JsonObject = {},
  ) {
    super(code);
  }
}

export interface WebApiContext {
  state: SlackState;
  botToken: string;
  validateBlocks?: BlockValidator;
  /** http://127.0.0.1:PORT/ — permalinks point into the console. */
  baseUrl: string;
  log: (line: string) => void;
  injected: Map<string, InjectedApiError & { remaining: number }>;
}

export interface ApiRequest {
  method: string;
  contentType: string;
  authorization: string | undefined;
  body: string;
  query: URLSearchParams;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: JsonObject;
}

type Args = Record<string, unknown>;
type Handler = (ctx: WebApiContext, args: Args) => JsonObject;

// ---------------------------------------------------------------------------------------------------------------
// Argument helpers
// ---------------------------------------------------------------------------------------------------------------

function parseArgs(request: ApiRequest): Args {
  const args: Args = {};
  for (const [key, value] of request.query) args[key] = value;
  const type = request.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (request.body.length === 0) return args;
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(request.body);
    } catch {
      throw new ApiError('invalid_json');
    }
    if (!isRecord(parsed)) throw new ApiError('invalid_json');
    return { ...args, ...parsed };
  }
  if (type === 'application/x-www-form-urlencoded' || type === 'text/plain' || type === '') {
    for (const [key, value] of new URLSearchParams(request.body)) args[key] = value;
    return args;
  }
  throw new ApiError(type === 'multipart/form-data' ? 'invalid_form_data' : 'invalid_post_type');
}

/** A JSON-valued argument: form bodies carry it as a JSON string, JSON bodies as a value. */
function jsonArg(args: Args, key: string, formatError: string): unknown {
  const value = args[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ApiError(formatError);
  }
}

function str(args: Args, key: string): string | undefined {
  const value = asString(args[key]);
  return value === undefined || value === '' ? undefined : value;
}

function blockProblems(ctx: WebApiContext, blocks: unknown[], kind: SurfaceKind): string[] {
  if (ctx.validateBlocks) return ctx.validateBlocks(blocks, kind);
  return basicBlockCheck(blocks, kind);
}

function throwIfInvalidBlocks(ctx: WebApiContext, blocks: unknown[], kind: SurfaceKind): void {
  const problems = blockProblems(ctx, blocks, kind);
  if (problems.length > 0)
    throw new ApiError('invalid_blocks', { errors: problems, response_metadata: { messages: problems } });
  if (kind === 'message' && !ctx.validateBlocks && blockTextLength(blocks) > MESSAGE_TEXT_MAX)
    throw new ApiError('msg_blocks_too_long');
}

/** text + blocks of a chat.* call, checked and with Slack's generated ids filled in. */
export function messageContent(ctx: WebApiContext, args: Args): { text: string; blocks: unknown[] } {
  const rawBlocks = jsonArg(args, 'blocks', 'invalid_blocks_format');
  if (rawBlocks !== undefined && !Array.isArray(rawBlocks)) throw new ApiError('invalid_blocks_format');
  const blocks: unknown[] = rawBlocks ?? [];
  const attachments = jsonArg(args, 'attachments', 'invalid_attachments');
  const text = asString(args.text) ?? '';
  if (text === '' && blocks.length === 0 && attachments === undefined) throw new ApiError('no_text');
  if (text.length > 40_000) throw new ApiError('msg_too_long');
  throwIfInvalidBlocks(ctx, blocks, 'message');
  return { text, blocks: withGeneratedIds(blocks) };
}

/** chat.postMessage `metadata`: an event_type and an object payload, or nothing. */
function metadataArg(args: Args): { metadata?: { event_type: string; event_payload: JsonObject } } {
  const value = jsonArg(args, 'metadata', 'invalid_metadata_format');
  if (value === undefined) return {};
  if (!isRecord(value) || typeof value.event_type !== 'string' || !isRecord(value.event_payload))
    throw new ApiError('invalid_metadata_format');
  return { metadata: { event_type: value.event_type, event_payload: value.event_payload } };
}

function channelArg(ctx: WebApiContext, args: Args, key = 'channel'): SandboxChannel {
  const ref = str(args, key);
  const channel = ref === undefined ? undefined : ctx.state.resolveChannel(ref);
  if (!channel) throw new ApiError('channel_not_found');
  return channel;
}

function requireMember(channel: SandboxChannel): void {
  if (!channel.isMember) throw new ApiError('not_in_channel');
}

function viewArg(args: Args): JsonObject {
  const view = jsonArg(args, 'view', 'invalid_arguments');
  if (!isRecord(view))
    throw new ApiError('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] missing required field: view'] },
    });
  return view;
}

/** views.open and views.push: a live trigger (not yet used: that happens once the view is accepted) and a valid modal. */
function modalRequest(ctx: WebApiContext, args: Args) {
  const triggerId = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  const trigger = ctx.state.checkTrigger(triggerId);
  if ('error' in trigger) throw new ApiError(trigger.error);
  const view = viewArg(args);
  return { triggerId, trigger, view, blocks: checkedViewBlocks(ctx, view, 'modal') };
}

function checkedViewBlocks(ctx: WebApiContext, view: JsonObject, kind: 'home' | 'modal'): unknown[] {
  const shell = checkViewShell(view, kind);
  if (shell)
    throw new ApiError(
      shell.error,
      shell.messages.length > 0 ? { response_metadata: { messages: shell.messages } } : {},
    );
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  throwIfInvalidBlocks(ctx, blocks, kind);
  return withGeneratedIds(blocks);
}

function permalink(ctx: WebApiContext, channel: string, ts: string, threadTs?: string): string {
  const base = `${ctx.baseUrl}archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs === undefined ? base : `${base}?thread_ts=${threadTs}&cid=${channel}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Methods
// ---------------------------------------------------------------------------------------------------------------

function channelJson(ctx: WebApiContext, channel: SandboxChannel): JsonObject {
  const members = [...ctx.state.users.values()].filter((u) => !u.isBot).length + (channel.isMember ? 1 : 0);
  if (channel.isIm) {
    return {
      id: channel.id,
      created: channel.created,
      is_im: true,
      is_org_shared: false,
      user: channel.imUser,
      is_user_deleted: false,
      priority: 0,
    };
  }
  return {
    id: channel.id,
    name: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: false,
    created: channel.created,
    is_archived: false,
    is_general: channel.name === 'general',
    unlinked: 0,
    name_normalized: channel.name,
    is_shared: false,
    is_org_shared: false,
    is_member: channel.isMember,
    creator: 'U0SANDBOX01',
    topic: { value: channel.topic, creator: 'U0SANDBOX01', last_set: channel.created },
    purpose: { value: channel.topic, creator: 'U0SANDBOX01', last_set: channel.created },
    previous_names: [],
    num_members: members,
  };
}

const methods: Record<string, Handler> = {
  'api.test': (_ctx, args) => ({
    ok: true,
    args: Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'token')),
  }),

  'auth.test': (ctx) => ({
    ok: true,
    url: `https://${TEAM.domain}.slack.com/`,
    team: TEAM.name,
    user: ctx.state.bot.name,
    team_id: TEAM.id,
    user_id: ctx.state.bot.userId,
    bot_id: ctx.state.bot.botId,
    is_enterprise_install: false,
  }),

  'team.info': () => ({
    ok: true,
    team: { id: TEAM.id, name: TEAM.name, domain: TEAM.domain, email_domain: '', icon: {} },
  }),

  'chat.postMessage': (ctx, args) => {
    const channel = channelArg(ctx, args);
    requireMember(channel);
    const content = messageContent(ctx, args);
    let threadTs = str(args, 'thread_ts');
    if (threadTs !== undefined) {
      const parent = ctx.state.find(channel.id, threadTs);
      if (!parent || parent.ephemeralTo !== undefined) {
        ctx.log(
          `chat.postMessage: thread_ts ${threadTs} matches no message in ${channel.id}; posted to the channel instead`,
        );
        threadTs = undefined;
      }
    }
    const message = ctx.state.addMessage({
      channel: channel.id,
      user: ctx.state.bot.userId,
      botId: ctx.state.bot.botId,
      text: content.text,
      blocks: content.blocks,
      via: 'chat.postMessage',
      ...metadataArg(args),
      ...(threadTs !== undefined ? { threadTs } : {}),
      ...(threadTs !== undefined && asBoolean(args.reply_broadcast) ? { broadcast: true } : {}),
    });
    return { ok: true, channel: channel.id, ts: message.ts, message: ctx.state.messageJson(message) };
  },

  'chat.postEphemeral': (ctx, args) => {
    const channel = channelArg(ctx, args);
    const userId = str(args, 'user');
    const user = userId === undefined ? undefined : ctx.state.user(userId);
    if (!user || user.isBot) throw new ApiError('user_not_found');
    requireMember(channel);
    if (channel.isIm && channel.imUser !== user.id) throw new ApiError('user_not_in_channel');
    const content = messageContent(ctx, args);
    const threadTs = str(args, 'thread_ts');
    const message = ctx.state.addMessage({
      channel: channel.id,
      user: ctx.state.bot.userId,
      botId: ctx.state.bot.botId,
      text: content.text,
      blocks: content.blocks,
      via: 'chat.postEphemeral',
      ephemeralTo: user.id,
      ...(threadTs !== undefined && ctx.state.find(channel.id, threadTs) ? { threadTs } : {}),
    });
    return { ok: true, message_ts: message.ts };
  },

  'chat.update': (ctx, args) => {
    const channel = channelArg(ctx, args);
    const ts = str(args, 'ts');
    const record = ts === undefined ? undefined : ctx.state.find(channel.id, ts);
    // Ephemeral messages cannot be reached through the Web API: only through a response_url.
    if (!record || ts === undefined || record.ephemeralTo !== undefined) throw new ApiError('message_not_found');
    if (record.user !== ctx.state.bot.userId) throw new ApiError('cant_update_message');
    const content = messageContent(ctx, args);
    const updated = ctx.state.updateMessage(channel.id, ts, content);
    if (!updated) throw new ApiError('message_not_found');
    return { ok: true, channel: channel.id, ts, text: updated.text, message: ctx.state.messageJson(updated) };
  },

  'chat.delete': (ctx, args) => {
    const channel = channelArg(ctx, args);
    const ts = str(args, 'ts');
    const record = ts === undefined ? undefined : ctx.state.find(channel.id, ts);
    if (!record || ts === undefined || record.ephemeralTo !== undefined) throw new ApiError('message_not_found');
    if (record.user !== ctx.state.bot.userId) throw new ApiError('cant_delete_message');
    ctx.state.deleteMessage(channel.id, ts);
    return { ok: true, channel: channel.id, ts };
  },

  'chat.getPermalink': (ctx, args) => {
    const channel = channelArg(ctx, args);
    const ts = str(args, 'message_ts');
    const record = ts === undefined ? undefined : ctx.state.find(channel.id, ts);
    if (!record || ts === undefined || record.ephemeralTo !== undefined) throw new ApiError('message_not_found');
    return { ok: true, channel: channel.id, permalink: permalink(ctx, channel.id, ts, record.threadTs) };
  },

  // Both need the *:history scopes in Slack; the stand-in's bot has every scope. Newest first for history, oldest
  // first for replies, as Slack answers them; ephemeral messages are never returned.
  'conversations.history': (ctx, args) => {
    const channel = channelArg(ctx, args);
    requireMember(channel);
    const oldest = Number(str(args, 'oldest') ?? '0');
    const limit = Math.min(Number(str(args, 'limit') ?? '100') || 100, 999);
    const withMetadata = asBoolean(args.include_all_metadata) === true;
    const found = ctx.state
      .messages({ channel: channel.id, topLevel: true })
      .filter((m) => m.ephemeralTo === undefined && Number(m.ts) >= oldest)
      .reverse()
      .slice(0, limit);
    return {
      ok: true,
      messages: found.map((m) => ctx.state.messageJson(m, { metadata: withMetadata })),
      has_more: false,
    };
  },

  'conversations.replies': (ctx, args) => {
    const channel = channelArg(ctx, args);
    requireMember(channel);
    const ts = str(args, 'ts');
    const parent = ts === undefined ? undefined : ctx.state.find(channel.id, ts);
    if (!parent || ts === undefined || parent.ephemeralTo !== undefined) throw new ApiError('thread_not_found');
    const oldest = Number(str(args, 'oldest') ?? '0');
    const withMetadata = asBoolean(args.include_all_metadata) === true;
    const replies = ctx.state
      .messages({ channel: channel.id, threadTs: ts })
      .filter((m) => m.ephemeralTo === undefined && Number(m.ts) >= oldest);
    const parentJson = ctx.state.messages({ channel: channel.id }).find((m) => m.ts === ts);
    return {
      ok: true,
      messages: [...(parentJson ? [parentJson] : []), ...replies].map((m) =>
        ctx.state.messageJson(m, { metadata: withMetadata }),
      ),
      has_more: false,
    };
  },

  'conversations.info': (ctx, args) => {
    const channel = channelArg(ctx, args);
    return { ok: true, channel: channelJson(ctx, channel) };
  },

  'conversations.open': (ctx, args) => {
    const users = (str(args, 'users') ?? '').split(',').filter((u) => u !== '');
    const [userId] = users;
    if (users.length !== 1 || userId === undefined)
      throw new ApiError(users.length === 0 ? 'users_list_not_supplied' : 'not_enough_users');
    const user = ctx.state.user(userId);
    if (!user || user.isBot) throw new ApiError('user_not_found');
    const channel = ctx.state.imChannel(user.id);
    return { ok: true, channel: asBoolean(args.return_im) ? channelJson(ctx, channel) : { id: channel.id } };
  },

  'users.info': (ctx, args) => {
    const userId = str(args, 'user');
    const user = userId === undefined ? undefined : ctx.state.user(userId);
    if (!user) throw new ApiError('user_not_found');
    return {
      ok: true,
      user: {
        id: user.id,
        team_id: TEAM.id,
        name: user.name,
        deleted: false,
        color: user.color.replace('#', ''),
        real_name: user.realName,
        tz: user.tz,
        tz_label: user.tzLabel,
        tz_offset: user.tzOffset,
        profile: {
          real_name: user.realName,
          display_name: user.name,
          real_name_normalized: user.realName,
          display_name_normalized: user.name,
          team: TEAM.id,
        },
        is_admin: false,
        is_owner: false,
        is_bot: user.isBot,
        is_app_user: false,
        updated: Math.floor(Date.now() / 1000),
        ...(user.id === ctx.state.bot.userId
          ? {
              profile: {
                real_name: user.realName,
                display_name: user.name,
                bot_id: ctx.state.bot.botId,
                api_app_id: ctx.state.bot.appId,
                team: TEAM.id,
              },
            }
          : {}),
        ...(user.id === SLACKBOT_ID ? { is_bot: false } : {}),
      },
    };
  },

  'views.publish': (ctx, args) => {
    const userId = str(args, 'user_id');
    const user = userId === undefined ? undefined : ctx.state.user(userId);
    if (!user || user.isBot) throw new ApiError(userId === undefined ? 'invalid_arguments' : 'user_not_found');
    const view = viewArg(args);
    const blocks = checkedViewBlocks(ctx, view, 'home');
    const hash = str(args, 'hash');
    if (hash !== undefined && ctx.state.home(user.id)?.hash !== hash) throw new ApiError('hash_conflict');
    const published = ctx.state.publishHome(user.id, view, blocks);
    return { ok: true, view: ctx.state.viewJson(published) };
  },

  'views.open': (ctx, args) => {
    const { triggerId, trigger, view, blocks } = modalRequest(ctx, args);
    if (triggerId !== undefined) ctx.state.useTrigger(triggerId);
    const opened = ctx.state.openModal(trigger.userId, view, blocks, trigger.conversation);
    return { ok: true, view: ctx.state.viewJson(opened) };
  },

  'views.push': (ctx, args) => {
    const { triggerId, trigger, view, blocks } = modalRequest(ctx, args);
    if (ctx.state.modalStack(trigger.userId).length === 0) throw new ApiError('not_found');
    const pushed = ctx.state.pushModal(trigger.userId, view, blocks, trigger.conversation);
    if (typeof pushed === 'string') throw new ApiError(pushed);
    if (triggerId !== undefined) ctx.state.useTrigger(triggerId);
    return { ok: true, view: ctx.state.viewJson(pushed) };
  },

  'views.update': (ctx, args) => {
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    if (viewId === undefined && externalId === undefined) throw new ApiError('invalid_arguments');
    const existing: StoredView | undefined = ctx.state.findView({
      ...(viewId !== undefined ? { viewId } : {}),
      ...(externalId !== undefined ? { externalId } : {}),
    });
    if (!existing) throw new ApiError('not_found');
    const view = viewArg(args);
    const blocks = checkedViewBlocks(ctx, view, existing.type);
    const hash = str(args, 'hash');
    if (hash !== undefined && hash !== existing.hash) throw new ApiError('hash_conflict');
    const updated = ctx.state.updateView(existing, view, blocks);
    return { ok: true, view: ctx.state.viewJson(updated) };
  },
};

function redactArgs(args: Args): Args {
  const out: Args = {};
  for (const [key, value] of Object.entries(args)) if (key !== 'token') out[key] = value;
  return out;
}

function tokenOf(request: ApiRequest, args: Args): string | undefined {
  const header = request.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    return match?.[1];
  }
  // Slack accepts the token as a form field too, but not inside a JSON body.
  if (!request.contentType.toLowerCase().startsWith('application/json')) return str(args, 'token');
  return undefined;
}

/** Answer one Web API call. */
export function handleWebApi(ctx: WebApiContext, request: ApiRequest): ApiResponse {
  const json = (body: JsonObject, status = 200, headers: Record<string, string> = {}): ApiResponse => ({
    status,
    headers,
    body,
  });
  let args: Args = {};
  const record = (ok: boolean, error?: string): void => {
    ctx.state.recordApiCall({
      method: request.method,
      at: Date.now(),
      ok,
      ...(error !== undefined ? { error } : {}),
      args: redactArgs(args),
    });
    ctx.log(`api ${request.method} -> ${ok ? 'ok' : (error ?? 'error')}`);
  };
  try {
    args = parseArgs(request);
    const token = tokenOf(request, args);
    if (token === undefined) throw new ApiError('not_authed');
    if (token !== ctx.botToken) throw new ApiError('invalid_auth');
    const handler = methods[request.method];
    if (!handler) throw new ApiError('unknown_method');
    const injected = ctx.injected.get(request.method);
    if (injected && injected.remaining > 0) {
      injected.remaining -= 1;
      if (injected.remaining === 0) ctx.injected.delete(request.method);
      record(false, injected.error);
      const headers: Record<string, string> = {};
      if (injected.retryAfterSeconds !== undefined) headers['retry-after'] = String(injected.retryAfterSeconds);
      return json({ ok: false, error: injected.error }, injected.status ?? 200, headers);
    }
    const result = handler(ctx, args);
    record(true);
    return json(result);
  } catch (error) {
    if (error instanceof ApiError) {
      record(false, error.code);
      return json({ ok: false, error: error.code, ...error.extra });
    }
    const message = error instanceof Error ? error.message : String(error);
    record(false, 'fatal_error');
    ctx.log(`api ${request.method} crashed: ${message}`);
    return json({ ok: false, error: 'fatal_error' });
  }
}
