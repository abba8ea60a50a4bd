/**
 * The stand-in's workspace: users, channels, messages (channel, thread and ephemeral), views, response_urls and
 * trigger_ids. In memory, one process. Every change is announced to listeners (tests, the console's SSE stream).
 */
import { hex, slackId, TsClock, triggerId, viewHash } from './ids';
import { asBoolean, asString, clone, type JsonObject } from './json';
import type {
  ApiCallRecord,
  Delivery,
  GlobalShortcut,
  MessageFilter,
  Notice,
  ResponseUrlUse,
  SandboxChannel,
  SandboxUser,
  StandInEvent,
  StoredMessage,
  StoredView,
} from './types';

export const TEAM = { id: 'T0SANDBOX01', name: 'Sandbox', domain: 'mirrors-sandbox' } as const;
export const SLACKBOT_ID = 'USLACKBOT';
export const DEFAULT_USER_ID = 'U0SANDBOX01';
export const OTHER_USER_ID = 'U0SANDBOX02';
export const CHANNEL_IDS = { incidents: 'C0INCIDENTS', general: 'C0GENERAL1', notMember: 'C0NOTMEMBER' } as const;
/** mirrors' global shortcut, as manifest.yml declares it (a test keeps the two the same). */
export const DEFAULT_SHORTCUTS: readonly GlobalShortcut[] = [
  {
    name: 'Find mirror sessions',
    callbackId: 'mirrors_query_builder',
    description: 'Build a traffic mirror session query in a form, one field per filter; no syntax to type.',
  },
];
const TRIGGER_TTL_MS = 3000;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_USES = 5;
const HISTORY_MAX = 500;

export interface BotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

/** What the state keeps of a message; `replyCount` is counted when a copy is handed out. */
export type MessageRecord = Omit<StoredMessage, 'replyCount'>;

export interface ResponseUrlRecord {
  id: string;
  kind: 'command' | 'action';
  channel: string;
  userId: string;
  /** For button clicks: the message the button was on. */
  messageTs?: string;
  createdAt: number;
  uses: number;
  /** For commands: the command line, shown once when a response goes in_channel. */
  commandLine?: string;
  commandEchoed: boolean;
}

interface TriggerRecord {
  id: string;
  userId: string;
  createdAt: number;
  used: boolean;
  /** The conversation the user was looking at when they acted (a modal's "current conversation"). */
  conversation?: string;
}

export class SlackState {
  readonly users = new Map<string, SandboxUser>();
  readonly channels = new Map<string, SandboxChannel>();
  private messageList: MessageRecord[] = [];
  private homes = new Map<string, StoredView>();
  private modalStacks = new Map<string, StoredView[]>();
  private responseUrls = new Map<string, ResponseUrlRecord>();
  private triggers = new Map<string, TriggerRecord>();
  private deliveryList: Delivery[] = [];
  private apiCallList: ApiCallRecord[] = [];
  private noticeList: Notice[] = [];
  private responseUseList: ResponseUrlUse[] = [];
  private listeners = new Set<(event: StandInEvent) => void>();
  private readonly tsClock = new TsClock();
  private offsetMs = 0;
  version = 0;

  constructor(readonly bot: BotIdentity) {
    const created = Math.floor(Date.now() / 1000) - 86_400 * 30;
    const human = (
      id: string,
      name: string,
      realName: string,
      tz: string,
      tzLabel: string,
      tzOffset: number,
      color: string,
    ): SandboxUser => ({
      id,
      name,
      realName,
      tz,
      tzLabel,
      tzOffset,
      isBot: false,
      color,
    });
    for (const user of [
      human(DEFAULT_USER_ID, 'alex', 'Alex Chan', 'Asia/Hong_Kong', 'Hong Kong Standard Time', 28_800, '#2eb67d'),
      human(OTHER_USER_ID, 'sam', 'Sam Taylor', 'Europe/London', 'Greenwich Mean Time', 0, '#e8912d'),
      {
        id: bot.userId,
        name: bot.name,
        realName: bot.name,
        tz: 'America/Los_Angeles',
        tzLabel: 'Pacific Standard Time',
        tzOffset: -28_800,
        isBot: true,
        color: '#1264a3',
      },
      {
        id: SLACKBOT_ID,
        name: 'slackbot',
        realName: 'Slackbot',
        tz: 'America/Los_Angeles',
        tzLabel: 'Pacific Standard Time',
        tzOffset: -28_800,
        isBot: true,
        color: '#611f69',
      },
    ]) {
      this.users.set(user.id, user);
    }
    const channel = (id: string, name: string, topic: string, isMember: boolean): SandboxChannel => ({
      id,
      name,
      topic,
      isMember,
      isIm: false,
      created,
    });
    for (const c of [
      channel(
        CHANNEL_IDS.incidents,
        'incidents',
        'Live incidents. Ask @mirrors in a thread which sessions copy what.',
        true,
      ),
      channel(CHANNEL_IDS.general, 'general', 'Company-wide announcements', true),
      channel(
        CHANNEL_IDS.notMember,
        'random',
        'The bot is not a member here: chat.postMessage answers not_in_channel',
        false,
      ),
    ]) {
      this.channels.set(c.id, c);
    }
    for (const userId of [DEFAULT_USER_ID, OTHER_USER_ID]) this.imChannel(userId);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Clock and events
  // ---------------------------------------------------------------------------------------------------------------

  /** The expiry clock: real time plus whatever advanceTime added. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }

  nextTs(): string {
    return this.tsClock.next();
  }

  on(listener: (event: StandInEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: StandInEvent): void {
    this.version += 1;
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's bug must not break the stand-in.
      }
    }
  }

  reset(): void {
    this.messageList = [];
    this.homes.clear();
    this.modalStacks.clear();
    this.responseUrls.clear();
    this.triggers.clear();
    this.deliveryList = [];
    this.apiCallList = [];
    this.noticeList = [];
    this.responseUseList = [];
    this.emit({ type: 'reset' });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Users and channels
  // ---------------------------------------------------------------------------------------------------------------

  user(id: string): SandboxUser | undefined {
    return this.users.get(id);
  }

  /** The DM between a human and the bot (the app's Messages tab). */
  imChannel(userId: string): SandboxChannel {
    const id = `D0${userId.slice(-8).toUpperCase()}`;
    let channel = this.channels.get(id);
    if (!channel) {
      channel = {
        id,
        name: id,
        topic: '',
        isMember: true,
        isIm: true,
        imUser: userId,
        created: Math.floor(Date.now() / 1000),
      };
      this.channels.set(id, channel);
    }
    return channel;
  }

  /** Resolve a channel id, `#name`, `name`, or a user id (the DM with that user). */
  resolveChannel(ref: string): SandboxChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    if (/^[UW][A-Z0-9]+$/.test(ref) && this.users.has(ref) && !this.users.get(ref)?.isBot) return this.imChannel(ref);
    const name = ref.replace(/^#/, '');
    for (const channel of this.channels.values()) if (!channel.isIm && channel.name === name) return channel;
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Messages
  // ---------------------------------------------------------------------------------------------------------------

  addMessage(input: Omit<MessageRecord, 'ts' | 'edits'> & { ts?: string }): StoredMessage {
    const record: MessageRecord = { ...input, ts: input.ts ?? this.nextTs(), edits: 0, blocks: clone(input.blocks) };
    if (record.threadTs !== undefined) {
      // A reply to a reply belongs to the parent's thread, as in Slack.
      const parent = this.find(record.channel, record.threadTs);
      if (parent?.threadTs !== undefined) record.threadTs = parent.threadTs;
    }
    this.messageList.push(record);
    const stored = this.toPublic(record);
    this.emit({ type: 'message_posted', message: stored });
    return stored;
  }

  updateMessage(channel: string, ts: string, change: { text: string; blocks: unknown[] }): StoredMessage | undefined {
    const record = this.find(channel, ts);
    if (!record) return undefined;
    record.text = change.text;
    record.blocks = clone(change.blocks);
    record.edits += 1;
    const stored = this.toPublic(record);
    this.emit({ type: 'message_updated', message: stored });
    return stored;
  }

  deleteMessage(channel: string, ts: string): boolean {
    const before = this.messageList.length;
    this.messageList = this.messageList.filter((m) => !(m.channel === channel && m.ts === ts));
    if (this.messageList.length === before) return false;
    this.emit({ type: 'message_deleted', channel, ts });
    return true;
  }

  /** Raw lookup, ephemeral messages included. */
  find(channel: string, ts: string): MessageRecord | undefined {
    return this.messageList.find((m) => m.channel === channel && m.ts === ts);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    const record = this.find(channel, ts);
    return record ? this.toPublic(record) : undefined;
  }

  messages(filter: MessageFilter = {}): StoredMessage[] {
    return this.messageList
      .filter((m) => {
        if (filter.channel !== undefined && m.channel !== filter.channel) return false;
        if (filter.threadTs !== undefined && m.threadTs !== filter.threadTs) return false;
        if (filter.topLevel && m.threadTs !== undefined && !m.broadcast) return false;
        if (filter.visibleTo !== undefined && m.ephemeralTo !== undefined && m.ephemeralTo !== filter.visibleTo)
          return false;
        if (filter.fromBot && m.user !== this.bot.userId) return false;
        return true;
      })
      .map((m) => this.toPublic(m));
  }

  private toPublic(record: MessageRecord): StoredMessage {
    const replyCount =
      record.threadTs === undefined
        ? this.messageList.filter(
            (m) => m.channel === record.channel && m.threadTs === record.ts && m.ephemeralTo === undefined,
          ).length
        : 0;
    const out: StoredMessage = {
      channel: record.channel,
      ts: record.ts,
      user: record.user,
      text: record.text,
      blocks: clone(record.blocks),
      via: record.via,
      edits: record.edits,
      replyCount,
    };
    if (record.threadTs !== undefined) out.threadTs = record.threadTs;
    if (record.botId !== undefined) out.botId = record.botId;
    if (record.metadata !== undefined) out.metadata = clone(record.metadata);
    if (record.ephemeralTo !== undefined) out.ephemeralTo = record.ephemeralTo;
    if (record.broadcast) out.broadcast = true;
    return out;
  }

  /** The message as Slack puts it into payloads and API answers. */
  messageJson(message: StoredMessage, options: { metadata?: boolean } = {}): JsonObject {
    const out: JsonObject = { type: 'message', user: message.user, text: message.text, ts: message.ts, team: TEAM.id };
    if (options.metadata && message.metadata !== undefined) out.metadata = clone(message.metadata);
    if (message.blocks.length > 0) out.blocks = clone(message.blocks);
    if (message.botId !== undefined) {
      out.bot_id = message.botId;
      out.app_id = this.bot.appId;
      out.bot_profile = {
        id: message.botId,
        app_id: this.bot.appId,
        name: this.bot.name,
        deleted: false,
        team_id: TEAM.id,
        icons: {},
      };
    }
    if (message.threadTs !== undefined) out.thread_ts = message.threadTs;
    if (message.threadTs === undefined && message.replyCount > 0) {
      out.thread_ts = message.ts;
      out.reply_count = message.replyCount;
    }
    if (message.edits > 0) out.edited = { user: message.user, ts: message.ts };
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Triggers and response_urls
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * A trigger_id for something the user just did. `conversation` is what they were looking at (the channel of a
   * command or a clicked message, the app's DM for App Home, the open channel for a global shortcut): a modal
   * opened with the trigger gets it as its "current conversation" (conversations_select default_to_current_conversation).
   */
  createTrigger(userId: string, conversation?: string): string {
    const id = triggerId(Date.now());
    this.triggers.set(id, {
      id,
      userId,
      createdAt: this.now(),
      used: false,
      ...(conversation !== undefined ? { conversation } : {}),
    });
    return id;
  }

  /** Check a trigger without using it up. */
  checkTrigger(
    id: string | undefined,
  ):
    | { userId: string; conversation?: string }
    | { error: 'invalid_trigger_id' | 'exchanged_trigger_id' | 'expired_trigger_id' } {
    if (id === undefined || id === '') return { error: 'invalid_trigger_id' };
    const trigger = this.triggers.get(id);
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used) return { error: 'exchanged_trigger_id' };
    if (this.now() - trigger.createdAt > TRIGGER_TTL_MS) return { error: 'expired_trigger_id' };
    return {
      userId: trigger.userId,
      ...(trigger.conversation !== undefined ? { conversation: trigger.conversation } : {}),
    };
  }

  useTrigger(id: string): void {
    const trigger = this.triggers.get(id);
    if (trigger) trigger.used = true;
  }

  createResponseUrl(input: Omit<ResponseUrlRecord, 'id' | 'createdAt' | 'uses' | 'commandEchoed'>): ResponseUrlRecord {
    const record: ResponseUrlRecord = {
      ...input,
      id: `${input.kind === 'command' ? 'c' : 'a'}${hex(12)}`,
      createdAt: this.now(),
      uses: 0,
      commandEchoed: false,
    };
    this.responseUrls.set(record.id, record);
    return record;
  }

  responseUrl(id: string): ResponseUrlRecord | undefined {
    return this.responseUrls.get(id);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Views
  // ---------------------------------------------------------------------------------------------------------------

  private makeView(
    raw: JsonObject,
    blocks: unknown[],
    userId: string,
    type: 'home' | 'modal',
    previous: StoredView | undefined,
    id?: string,
    conversation?: string,
  ): StoredView {
    const viewId = id ?? slackId('V', 10);
    const view: StoredView = {
      id: viewId,
      type,
      userId,
      hash: viewHash(Date.now()),
      blocks,
      callbackId: asString(raw.callback_id) ?? '',
      privateMetadata: asString(raw.private_metadata) ?? '',
      externalId: asString(raw.external_id) ?? '',
      notifyOnClose: asBoolean(raw.notify_on_close) ?? false,
      clearOnClose: asBoolean(raw.clear_on_close) ?? false,
      rootViewId: previous?.rootViewId ?? viewId,
      previousViewId: previous?.id ?? null,
      errors: {},
      errorsFrom: null,
      raw: clone(raw),
    };
    if (conversation !== undefined) view.conversation = conversation;
    if (raw.title !== undefined) view.title = clone(raw.title);
    if (raw.submit !== undefined) view.submit = clone(raw.submit);
    if (raw.close !== undefined) view.close = clone(raw.close);
    return view;
  }

  home(userId: string): StoredView | undefined {
    const view = this.homes.get(userId);
    return view ? clone(view) : undefined;
  }

  publishHome(userId: string, raw: JsonObject, blocks: unknown[]): StoredView {
    const existing = this.homes.get(userId);
    const view = this.makeView(raw, blocks, userId, 'home', undefined, existing?.id);
    this.homes.set(userId, view);
    this.emit({ type: 'view_published', view: clone(view) });
    return clone(view);
  }

  modalStack(userId: string): StoredView[] {
    return clone(this.modalStacks.get(userId) ?? []);
  }

  openModal(userId: string, raw: JsonObject, blocks: unknown[], conversation?: string): StoredView {
    const view = this.makeView(raw, blocks, userId, 'modal', undefined, undefined, conversation);
    this.modalStacks.set(userId, [view]);
    this.emitModal(userId);
    return clone(view);
  }

  pushModal(
    userId: string,
    raw: JsonObject,
    blocks: unknown[],
    conversation?: string,
  ): StoredView | 'push_limit_reached' | 'not_found' {
    const stack = this.modalStacks.get(userId);
    if (!stack || stack.length === 0) return this.openModal(userId, raw, blocks, conversation);
    if (stack.length >= 3) return 'push_limit_reached';
    const previous = stack[stack.length - 1];
    const view = this.makeView(
      raw,
      blocks,
      userId,
      'modal',
      previous,
      undefined,
      conversation ?? previous?.conversation,
    );
    stack.push(view);
    this.emitModal(userId);
    return clone(view);
  }

  /** Find a view (home or modal) by id or external_id. */
  findView(ref: { viewId?: string; externalId?: string }): StoredView | undefined {
    const all = [...this.homes.values(), ...[...this.modalStacks.values()].flat()];
    return all.find(
      (v) =>
        (ref.viewId !== undefined && v.id === ref.viewId) ||
        (ref.externalId !== undefined && ref.externalId !== '' && v.externalId === ref.externalId),
    );
  }

  updateView(existing: StoredView, raw: JsonObject, blocks: unknown[]): StoredView {
    const replacement = this.makeView(
      raw,
      blocks,
      existing.userId,
      existing.type,
      undefined,
      existing.id,
      existing.conversation,
    );
    replacement.rootViewId = existing.rootViewId;
    replacement.previousViewId = existing.previousViewId;
    if (existing.type === 'home') {
      this.homes.set(existing.userId, replacement);
      this.emit({ type: 'view_published', view: clone(replacement) });
    } else {
      const stack = this.modalStacks.get(existing.userId) ?? [];
      const index = stack.findIndex((v) => v.id === existing.id);
      if (index >= 0) stack[index] = replacement;
      this.emitModal(existing.userId);
    }
    return clone(replacement);
  }

  /** Errors under inputs: from the app (response_action: errors) or from Slack's client (a required field left empty). */
  setViewErrors(userId: string, viewId: string, errors: Record<string, string>, from: 'app' | 'client' = 'app'): void {
    const view = (this.modalStacks.get(userId) ?? []).find((v) => v.id === viewId);
    if (!view) return;
    view.errors = errors;
    view.errorsFrom = Object.keys(errors).length > 0 ? from : null;
    this.emitModal(userId);
  }

  popModal(userId: string): StoredView | undefined {
    const stack = this.modalStacks.get(userId);
    const popped = stack?.pop();
    if (stack && stack.length === 0) this.modalStacks.delete(userId);
    if (popped) this.emitModal(userId);
    return popped ? clone(popped) : undefined;
  }

  clearModals(userId: string): StoredView[] {
    const stack = this.modalStacks.get(userId) ?? [];
    this.modalStacks.delete(userId);
    if (stack.length > 0) this.emitModal(userId);
    return clone(stack);
  }

  private emitModal(userId: string): void {
    this.emit({ type: 'modal_changed', userId, stack: this.modalStack(userId) });
  }

  /** A view as Slack returns it from views.* and puts it into payloads. */
  viewJson(view: StoredView, state: JsonObject = { values: {} }): JsonObject {
    const out: JsonObject = {
      id: view.id,
      team_id: TEAM.id,
      type: view.type,
      blocks: clone(view.blocks),
      private_metadata: view.privateMetadata,
      callback_id: view.callbackId,
      state,
      hash: view.hash,
      clear_on_close: view.clearOnClose,
      notify_on_close: view.notifyOnClose,
      root_view_id: view.rootViewId,
      previous_view_id: view.previousViewId,
      app_id: this.bot.appId,
      external_id: view.externalId,
      app_installed_team_id: TEAM.id,
      bot_id: this.bot.botId,
    };
    if (view.title !== undefined) out.title = clone(view.title);
    if (view.submit !== undefined) out.submit = clone(view.submit);
    if (view.close !== undefined) out.close = clone(view.close);
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Histories
  // ---------------------------------------------------------------------------------------------------------------

  recordDelivery(delivery: Delivery): void {
    this.deliveryList.push(delivery);
    if (this.deliveryList.length > HISTORY_MAX) this.deliveryList.shift();
    this.emit({ type: 'delivery', delivery: clone(delivery) });
  }

  recordApiCall(call: ApiCallRecord): void {
    this.apiCallList.push(call);
    if (this.apiCallList.length > HISTORY_MAX) this.apiCallList.shift();
    this.emit({ type: 'api_call', call: clone(call) });
  }

  recordResponseUse(use: ResponseUrlUse): void {
    this.responseUseList.push(use);
    if (this.responseUseList.length > HISTORY_MAX) this.responseUseList.shift();
    this.emit({ type: 'response_url_used', use: clone(use) });
  }

  responseUses(): ResponseUrlUse[] {
    return clone(this.responseUseList);
  }

  addNotice(notice: Omit<Notice, 'id' | 'at'>): Notice {
    const full: Notice = { ...notice, id: `N${hex(6)}`, at: Date.now() };
    this.noticeList.push(full);
    if (this.noticeList.length > HISTORY_MAX) this.noticeList.shift();
    this.emit({ type: 'notice', notice: clone(full) });
    return full;
  }

  deliveries(): Delivery[] {
    return clone(this.deliveryList);
  }

  apiCalls(method?: string): ApiCallRecord[] {
    return clone(method === undefined ? this.apiCallList : this.apiCallList.filter((c) => c.method === method));
  }

  notices(): Notice[] {
    return clone(this.noticeList);
  }
}
