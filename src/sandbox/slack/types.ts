/**
 * Public types of the Slack stand-in: what tests and the console see. Block Kit stays `unknown` here on purpose:
 * the stand-in stores exactly what the bot sent, the way Slack does, and never trusts its shape.
 */

export type SurfaceKind = 'message' | 'modal' | 'home';

/** Checks blocks the way Slack would; returns one line per violation (empty: fine). */
export type BlockValidator = (blocks: unknown[], kind: SurfaceKind) => string[];

export interface SlackStandInOptions {
  /** Port on 127.0.0.1; 0 or unset picks a free one. */
  port?: number;
  /** Where it listens (default loopback); its own URLs always name 127.0.0.1. */
  host?: string;
  /** The app's signing secret: every request to the bot is signed with it. */
  signingSecret: string;
  /** The only bot token the Web API accepts (`Authorization: Bearer …` or a `token` form field). */
  botToken: string;
  /** Where signed requests go, e.g. http://127.0.0.1:3000/slack/events. Can be changed later with setBotEventsUrl. */
  botEventsUrl: string;
  /** The slash command, default `/mirrors`. */
  commandName?: string;
  /** The bot's user id, default `U0MIRRORSBOT`. */
  botUserId?: string;
  /** The bot id, default `B0MIRRORSBOT`. */
  botId?: string;
  /** The app id, default `A0MIRRORS`. */
  appId?: string;
  /** The bot's display name, default `mirrors`. */
  botName?: string;
  /** One line per API call, delivery and notable event. No tokens are ever written. */
  logger?: (line: string) => void;
  /** Replaces the built-in Block Kit checks (messages: 'message', views.publish: 'home', views.open/push/update: 'modal'). */
  validateBlocks?: BlockValidator;
  /** How long Slack waits for the app to answer a request (3000 ms in Slack). */
  ackTimeoutMs?: number;
  /** The app's global shortcuts (manifest `features.shortcuts`, type global); default: mirrors' "Find mirror sessions". */
  shortcuts?: GlobalShortcut[];
  /** More people in the workspace, `U0PERSON0001` upwards, all in every channel (a crowd for the soak). Default 0. */
  extraUsers?: number;
}

/** A global shortcut as the app's manifest declares it: Slack lists it in the composer's shortcuts menu. */
export interface GlobalShortcut {
  name: string;
  callbackId: string;
  description: string;
}

type MessageSource =
  | 'user'
  | 'command_echo'
  | 'ack'
  | 'response_url'
  | 'chat.postMessage'
  | 'chat.postEphemeral'
  | 'slackbot';

/** A message as the stand-in stores it (a copy: changing it changes nothing). */
export interface StoredMessage {
  channel: string;
  ts: string;
  /** Set on thread replies only (the parent's ts). */
  threadTs?: string;
  /** Author: a user id, the bot's user id, or USLACKBOT. */
  user: string;
  botId?: string;
  text: string;
  blocks: unknown[];
  /** Set when only this user can see the message. */
  ephemeralTo?: string;
  via: MessageSource;
  /** How many times it was replaced (chat.update or replace_original). */
  edits: number;
  /** Non-ephemeral replies in its thread. */
  replyCount: number;
  /** chat.postMessage reply_broadcast: a thread reply also shown in the channel. */
  broadcast?: boolean;
  /** chat.postMessage `metadata`, returned by conversations.history/replies with include_all_metadata. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface StoredView {
  id: string;
  type: 'home' | 'modal';
  userId: string;
  hash: string;
  blocks: unknown[];
  callbackId: string;
  privateMetadata: string;
  externalId: string;
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  notifyOnClose: boolean;
  clearOnClose: boolean;
  rootViewId: string;
  previousViewId: string | null;
  /** Errors under inputs (block_id -> message): the app's response_action: 'errors', or Slack's own client checks. */
  errors: Record<string, string>;
  /** Who set `errors`: the app, or Slack's client (required field left empty, not a number, …); null when none. */
  errorsFrom: 'app' | 'client' | null;
  /** The conversation the user was viewing when the modal opened (what default_to_current_conversation picks). */
  conversation?: string;
  /** The view object exactly as the app sent it. */
  raw: Record<string, unknown>;
}

export type DeliveryKind =
  | 'slash_command'
  | 'block_actions'
  | 'shortcut'
  | 'app_mention'
  | 'app_home_opened'
  | 'view_submission'
  | 'view_closed';

/** One signed request sent to the bot, and how the bot answered. */
export interface Delivery {
  id: string;
  kind: DeliveryKind;
  /** Short human description, e.g. "/mirrors cn-hongkong" or "click mirrors_page_next". */
  label: string;
  at: number;
  /** HTTP status, or null when there was no answer (connection refused, timeout). */
  status: number | null;
  ok: boolean;
  /** Set when !ok: "the app didn't respond: 401", "...: ECONNREFUSED", "...: operation_timeout". */
  error?: string;
  durationMs: number;
  /** The bot's response body (the ack payload). */
  responseBody: string;
  userId: string;
  channel?: string;
}

export interface CommandDelivery extends Delivery {
  responseUrl: string;
  triggerId: string;
}

export interface ActionDelivery extends Delivery {
  /** Set for clicks on messages (views have no response_url in Slack). */
  responseUrl?: string;
  triggerId: string;
}

export interface ShortcutDelivery extends Delivery {
  triggerId: string;
}

export interface MentionDelivery extends Delivery {
  /** The user's message that carried the mention. */
  message: StoredMessage;
}

export interface ApiCallRecord {
  method: string;
  at: number;
  ok: boolean;
  error?: string;
  /** Arguments with the token removed. */
  args: Record<string, unknown>;
}

/** One POST to a response_url and what it did. */
export interface ResponseUrlUse {
  id: string;
  at: number;
  /** 'command' or 'action' (a button's URL). */
  kind: 'command' | 'action' | 'unknown';
  status: number;
  /** new_ephemeral, new_in_channel, replace_original, delete_original, or the error code. */
  effect: string;
  /** Uses so far, out of 5. */
  uses: number;
  error?: string;
}

/** Something the console shows that Slack would show as a Slackbot/system hint (failed deliveries). */
export interface Notice {
  id: string;
  at: number;
  userId: string;
  channel?: string;
  threadTs?: string;
  surface: 'channel' | 'home' | 'modal';
  text: string;
  deliveryId?: string;
}

export type StandInEvent =
  | { type: 'api_call'; call: ApiCallRecord }
  | { type: 'delivery'; delivery: Delivery }
  | { type: 'message_posted'; message: StoredMessage }
  | { type: 'message_updated'; message: StoredMessage }
  | { type: 'message_deleted'; channel: string; ts: string }
  | { type: 'response_url_used'; use: ResponseUrlUse }
  | { type: 'view_published'; view: StoredView }
  | { type: 'modal_changed'; userId: string; stack: StoredView[] }
  | { type: 'notice'; notice: Notice }
  | { type: 'reset' };

/** Where a button lives. */
export type InteractionRef =
  | { channel: string; ts: string }
  | StoredMessage
  | { home: true; userId?: string }
  | { viewId: string };

export interface ActorOptions {
  /** Who does it; default the console user (U0SANDBOX01). */
  userId?: string;
}

export interface ShortcutOptions extends ActorOptions {
  /** The conversation the user has open when they pick the shortcut (none: no "current conversation"). */
  channel?: string;
}

/**
 * What a person entered in one input of a modal: text (plain_text_input, number_input, …), the value of the chosen
 * option (static_select, radio_buttons), a conversation/channel/user id (conversations_select, …), a date, or
 * several of these (checkboxes, multi-selects); null clears it. The stand-in turns it into the element's state
 * exactly as Slack reports it (`value`, `selected_option`, `selected_conversation`, `selected_options`, …).
 */
export type ModalInputValue = string | readonly string[] | null;
export type ModalInputValues = Record<string, Record<string, ModalInputValue>>;

export interface CommandOptions extends ActorOptions {
  /** Channel id or name; default C0INCIDENTS (#incidents). */
  channel?: string;
  /** Override the command (default the stand-in's command name). */
  command?: string;
}

export interface MentionOptions extends ActorOptions {
  channel?: string;
  /** Post the mention as a reply in this thread. */
  threadTs?: string;
}

export interface MessageFilter {
  channel?: string;
  /** Only replies of this thread (the parent not included). */
  threadTs?: string;
  /** Only top-level messages (and broadcast replies), as the channel shows them. */
  topLevel?: boolean;
  /** Only what this user can see (everything public plus their ephemerals). */
  visibleTo?: string;
  /** Only messages posted by the bot. */
  fromBot?: boolean;
}

export interface SandboxUser {
  id: string;
  name: string;
  realName: string;
  tz: string;
  tzLabel: string;
  tzOffset: number;
  isBot: boolean;
  color: string;
}

export interface SandboxChannel {
  id: string;
  name: string;
  topic: string;
  isMember: boolean;
  isIm: boolean;
  /** For DMs: the human on the other side. */
  imUser?: string;
  created: number;
}

export interface InjectedApiError {
  error: string;
  /** HTTP status; 429 adds Retry-After. Default 200 (Slack's usual for ok:false). */
  status?: number;
  retryAfterSeconds?: number;
  /** How many calls fail; default 1. */
  times?: number;
}

/**
 * A fault in the transport, for a response_url or a Web API method: what an unlucky day does to the connection.
 * - `status`: answer with this HTTP status and do nothing (429 adds Retry-After);
 * - `delay`: do it, but answer only after `ms`;
 * - `hang`: do nothing and never answer; the connection is dropped after `ms` (default 60 s) or at close();
 * - `reset`: drop the connection without doing anything;
 * - `reset-after-delivery`: do it, then drop the connection without answering (the sender cannot know it worked).
 */
export type TransportFault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number }
  | { kind: 'delay'; ms: number }
  | { kind: 'hang'; ms?: number }
  | { kind: 'reset' }
  | { kind: 'reset-after-delivery' };

export interface SlackStandIn {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  /** http://127.0.0.1:PORT/api/ — give this to the WebClient as slackApiUrl. */
  readonly apiUrl: string;
  /** http://127.0.0.1:PORT/ — the web console. */
  readonly consoleUrl: string;
  readonly port: number;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  readonly commandName: string;
  /** The console's user (U0SANDBOX01) and a second human (U0SANDBOX02). */
  readonly defaultUserId: string;
  readonly otherUserId: string;
  /** #incidents; #general; #random, where the bot is not a member (C0NOTMEMBER). */
  readonly channels: { incidents: string; general: string; notMember: string };
  /** The app's global shortcuts. */
  readonly shortcuts: readonly GlobalShortcut[];

  setBotEventsUrl(url: string): void;

  sendCommand(text: string, options?: CommandOptions): Promise<CommandDelivery>;
  sendMention(text: string, options?: MentionOptions): Promise<MentionDelivery>;
  /** A plain user message (no event is sent: the app subscribes to app_mention only). */
  postUserMessage(text: string, options?: MentionOptions): StoredMessage;
  /** Click a button (or pick an option of a select/overflow: pass the option's value). Throws if there is no such element. */
  clickButton(ref: InteractionRef, actionId: string, value?: string, options?: ActorOptions): Promise<ActionDelivery>;
  openHome(userId?: string): Promise<Delivery>;
  /** Pick one of the app's global shortcuts (the composer's shortcuts menu): a signed `shortcut` payload. */
  sendShortcut(callbackId: string, options?: ShortcutOptions): Promise<ShortcutDelivery>;
  /**
   * Submit the user's top modal with the given input values (block_id -> action_id -> value); inputs not given keep
   * their initial value, as in Slack. Like Slack's client, nothing is sent when a required input is empty or a number
   * input holds no number: the errors are shown under the inputs (errorsFrom 'client') and undefined is returned.
   */
  submitModal(values?: ModalInputValues, options?: ActorOptions): Promise<Delivery | undefined>;
  /** Close the top modal (Cancel/Back), or all of them. Sends view_closed when the view asked for it. */
  closeModal(options?: ActorOptions & { all?: boolean }): Promise<Delivery | undefined>;

  messages(filter?: MessageFilter): StoredMessage[];
  message(channel: string, ts: string): StoredMessage | undefined;
  homeView(userId?: string): StoredView | undefined;
  /** The user's modal stack, bottom first. */
  modals(userId?: string): StoredView[];
  deliveries(): Delivery[];
  apiCalls(method?: string): ApiCallRecord[];
  responseUrlUses(): ResponseUrlUse[];
  notices(): Notice[];

  /** Listen to everything that happens; returns an unsubscribe function. */
  on(listener: (event: StandInEvent) => void): () => void;
  /** Resolve with probe()'s first truthy value, re-checked on every change; reject after timeoutMs (default 5000). */
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number, description?: string): Promise<T>;
  waitForMessage(predicate: (message: StoredMessage) => boolean, timeoutMs?: number): Promise<StoredMessage>;

  /** Moves the stand-in's expiry clock (trigger_id 3 s, response_url 30 min) forward. Signatures keep real time. */
  advanceTime(ms: number): void;
  /** The next `times` calls of `method` fail with `error`. */
  injectApiError(method: string, failure: InjectedApiError): void;
  /**
   * The next `times` (default 1) requests to `target` meet `fault`: `target` is 'response_url' (any of them) or a
   * Web API method name. Faults queue up per target, in the order given.
   */
  injectFault(target: string, fault: TransportFault, times?: number): void;
  /** Forget messages, views, deliveries and notices. */
  reset(): void;
  close(): Promise<void>;
}
