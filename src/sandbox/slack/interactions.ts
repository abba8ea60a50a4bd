/**
 * Slack's side of the conversation with the app: builds slash command, block_actions, Events API and view
 * payloads as Slack does, sends them signed, and applies what comes back (ack bodies, view_submission
 * response_actions). Failures are recorded and shown as notices, never thrown.
 */
import { randomUUID } from 'node:crypto';
import { type BotAnswer, type BotEndpoint, sendToBot } from './deliver';
import { hex, slackId } from './ids';
import { asString, isRecord, type JsonObject, textOf } from './json';
import { postThroughResponse } from './response-url';
import { CHANNEL_IDS, DEFAULT_USER_ID, type SlackState, TEAM } from './state';
import type {
  ActionDelivery,
  ActorOptions,
  CommandDelivery,
  CommandOptions,
  Delivery,
  DeliveryKind,
  GlobalShortcut,
  InteractionRef,
  MentionDelivery,
  MentionOptions,
  ModalInputValues,
  SandboxChannel,
  SandboxUser,
  ShortcutDelivery,
  ShortcutOptions,
  StoredMessage,
  StoredView,
} from './types';
import { clientErrors, conversationChoices, inputElements, type StateContext, viewStateValues } from './view-state';
import { ApiError, type WebApiContext } from './web-api';

const VERIFICATION_TOKEN = 'sandbox-verification-token';
const FORM = 'application/x-www-form-urlencoded';

/** Slack escapes what people type before it reaches an app: `&`, `<`, `>` become entities. */
function escapeTyped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

interface InteractiveElement {
  blockId: string;
  element: JsonObject;
  option?: JsonObject;
  /** A conversations_select / channels_select / users_select pick, or a date or time. */
  picked?: string;
}

/** Elements whose choice is an id or a date rather than one of their options. */
const PICKERS: Record<string, string> = {
  conversations_select: 'selected_conversation',
  channels_select: 'selected_channel',
  users_select: 'selected_user',
  datepicker: 'selected_date',
  timepicker: 'selected_time',
};

/**
 * Find an interactive element by action_id (and button value / option value / picked id, and block_id when given)
 * in blocks.
 */
function findInteractive(
  blocks: unknown[],
  actionId: string,
  value?: string,
  inBlock?: string,
): InteractiveElement | undefined {
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const blockId = asString(block.block_id) ?? '';
    if (inBlock !== undefined && blockId !== inBlock) continue;
    const candidates: unknown[] = [];
    if (isRecord(block.accessory)) candidates.push(block.accessory);
    if (block.type === 'actions' && Array.isArray(block.elements)) candidates.push(...block.elements);
    if (block.type === 'input' && isRecord(block.element)) candidates.push(block.element);
    for (const element of candidates) {
      if (!isRecord(element) || element.action_id !== actionId) continue;
      if (element.type === 'button') {
        if (value === undefined || element.value === value) return { blockId, element };
        continue;
      }
      if (typeof element.type === 'string' && PICKERS[element.type] !== undefined) {
        if (value !== undefined && value !== '') return { blockId, element, picked: value };
        continue;
      }
      const options: unknown[] = [];
      if (Array.isArray(element.options)) options.push(...element.options);
      if (Array.isArray(element.option_groups)) {
        for (const group of element.option_groups)
          if (isRecord(group) && Array.isArray(group.options)) options.push(...group.options);
      }
      const option = options.find((o): o is JsonObject => isRecord(o) && (value === undefined || o.value === value));
      if (option) return { blockId, element, option };
    }
  }
  return undefined;
}

/** All action_ids in blocks, for error messages. */
function actionIds(blocks: unknown[]): string[] {
  const out: string[] = [];
  for (const block of blocks) {
    if (!isRecord(block)) continue;
    const elements = [block.accessory, ...(Array.isArray(block.elements) ? block.elements : []), block.element];
    for (const element of elements)
      if (isRecord(element) && typeof element.action_id === 'string') out.push(element.action_id);
  }
  return out;
}

export interface InteractionsDeps {
  state: SlackState;
  api: WebApiContext;
  endpoint: () => BotEndpoint;
  commandName: string;
  /** The app's global shortcuts, as its manifest declares them. */
  shortcuts: readonly GlobalShortcut[];
  log: (line: string) => void;
}

export class Interactions {
  constructor(private readonly deps: InteractionsDeps) {}

  private get state(): SlackState {
    return this.deps.state;
  }

  private human(userId: string | undefined): SandboxUser {
    const user = this.state.user(userId ?? DEFAULT_USER_ID);
    if (!user || user.isBot) throw new Error(`unknown user ${userId ?? DEFAULT_USER_ID}`);
    return user;
  }

  private channel(ref: string | undefined): SandboxChannel {
    const channel = this.state.resolveChannel(ref ?? CHANNEL_IDS.incidents);
    if (!channel) throw new Error(`unknown channel ${ref ?? ''}`);
    return channel;
  }

  private userJson(user: SandboxUser): JsonObject {
    return { id: user.id, username: user.name, name: user.name, team_id: TEAM.id };
  }

  private async send(
    kind: DeliveryKind,
    label: string,
    user: SandboxUser,
    body: string,
    contentType: string,
    channel?: string,
  ): Promise<{ delivery: Delivery; answer: BotAnswer }> {
    const answer = await sendToBot(this.deps.endpoint(), body, contentType);
    const ok = answer.failure === undefined;
    const delivery: Delivery = {
      id: `D${hex(6)}`,
      kind,
      label,
      at: Date.now(),
      status: answer.status,
      ok,
      durationMs: answer.durationMs,
      responseBody: answer.body,
      userId: user.id,
      ...(channel !== undefined ? { channel } : {}),
      ...(ok ? {} : { error: `the app didn't respond: ${answer.failure ?? 'unknown'}` }),
    };
    this.deps.log(`deliver ${kind} "${label}" -> ${answer.status ?? answer.failure ?? '?'} in ${answer.durationMs} ms`);
    this.state.recordDelivery(delivery);
    return { delivery, answer };
  }

  private eventEnvelope(event: JsonObject): string {
    return JSON.stringify({
      token: VERIFICATION_TOKEN,
      team_id: TEAM.id,
      context_team_id: TEAM.id,
      context_enterprise_id: null,
      api_app_id: this.state.bot.appId,
      event,
      type: 'event_callback',
      event_id: slackId('Ev', 10),
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          enterprise_id: null,
          team_id: TEAM.id,
          user_id: this.state.bot.userId,
          is_bot: true,
          is_enterprise_install: false,
        },
      ],
      is_ext_shared_channel: false,
      event_context: `4-${hex(20)}`,
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Slash commands
  // ---------------------------------------------------------------------------------------------------------------

  async command(text: string, options: CommandOptions = {}): Promise<CommandDelivery> {
    const user = this.human(options.userId);
    const channel = this.channel(options.channel);
    const command = options.command ?? this.deps.commandName;
    const record = this.state.createResponseUrl({
      kind: 'command',
      channel: channel.id,
      userId: user.id,
      commandLine: `${command} ${text}`.trim(),
    });
    const responseUrl = `${this.deps.api.baseUrl}response/${record.id}`;
    const triggerId = this.state.createTrigger(user.id, channel.id);
    const body = new URLSearchParams({
      token: VERIFICATION_TOKEN,
      team_id: TEAM.id,
      team_domain: TEAM.domain,
      channel_id: channel.id,
      channel_name: channel.isIm ? 'directmessage' : channel.name,
      user_id: user.id,
      user_name: user.name,
      command,
      text: escapeTyped(text),
      response_url: responseUrl,
      trigger_id: triggerId,
      api_app_id: this.state.bot.appId,
      is_enterprise_install: 'false',
    }).toString();
    const { delivery, answer } = await this.send(
      'slash_command',
      `${command} ${text}`.trim(),
      user,
      body,
      FORM,
      channel.id,
    );
    if (!delivery.ok) {
      const code = answer.failure === 'operation_timeout' ? 'operation_timeout' : 'dispatch_failed';
      this.state.addNotice({
        userId: user.id,
        channel: channel.id,
        surface: 'channel',
        deliveryId: delivery.id,
        text: `${command} failed with the error "${code}": ${delivery.error ?? ''}`,
      });
    } else if (answer.body.trim() !== '') {
      // An ack body is the first response: a message, ephemeral unless it says in_channel.
      const payload = parseAck(answer);
      try {
        postThroughResponse(this.deps.api, record, payload);
      } catch (error) {
        const code = error instanceof ApiError ? error.code : 'invalid_response';
        const details =
          error instanceof ApiError && Array.isArray(error.extra.errors) ? `: ${error.extra.errors.join('; ')}` : '';
        this.state.addNotice({
          userId: user.id,
          channel: channel.id,
          surface: 'channel',
          deliveryId: delivery.id,
          text: `${command} failed with the error "${code}"${details}`,
        });
      }
    }
    return { ...delivery, responseUrl, triggerId };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Messages and mentions
  // ---------------------------------------------------------------------------------------------------------------

  /** A person's message: typed text is escaped, `@botname` becomes a mention. */
  postUserMessage(text: string, options: MentionOptions = {}): StoredMessage {
    const user = this.human(options.userId);
    const channel = this.channel(options.channel);
    return this.state.addMessage({
      channel: channel.id,
      user: user.id,
      text: this.linkMentions(escapeTyped(text)),
      blocks: [],
      via: 'user',
      ...(options.threadTs !== undefined ? { threadTs: options.threadTs } : {}),
    });
  }

  private linkMentions(text: string): string {
    const name = this.state.bot.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return text.replace(new RegExp(`(^|\\s)@${name}\\b`, 'gi'), `$1<@${this.state.bot.userId}>`);
  }

  async mention(text: string, options: MentionOptions = {}): Promise<MentionDelivery> {
    const user = this.human(options.userId);
    const channel = this.channel(options.channel);
    const mention = `<@${this.state.bot.userId}>`;
    const typed = this.linkMentions(escapeTyped(text));
    const full = typed.includes(mention) ? typed : `${mention} ${typed}`.trim();
    const message = this.state.addMessage({
      channel: channel.id,
      user: user.id,
      text: full,
      blocks: [],
      via: 'user',
      ...(options.threadTs !== undefined ? { threadTs: options.threadTs } : {}),
    });
    const threadTs = message.threadTs;
    if (!channel.isMember || channel.isIm) {
      // Slack sends app_mention only for channels the app is in (and never for DMs: those are message.im).
      const reason = channel.isIm
        ? 'mentions in a DM are message.im events, not app_mention'
        : `@${this.state.bot.name} is not in #${channel.name}`;
      const delivery: Delivery = {
        id: `D${hex(6)}`,
        kind: 'app_mention',
        label: `@${this.state.bot.name} ${text}`,
        at: Date.now(),
        status: null,
        ok: false,
        error: `not delivered: ${reason}`,
        durationMs: 0,
        responseBody: '',
        userId: user.id,
        channel: channel.id,
      };
      this.state.addNotice({
        userId: user.id,
        channel: channel.id,
        surface: 'channel',
        ...(threadTs !== undefined ? { threadTs } : {}),
        text: `You mentioned @${this.state.bot.name}, but no app_mention was sent: ${reason}.`,
      });
      return { ...delivery, message };
    }
    const event: JsonObject = {
      client_msg_id: randomUUID(),
      type: 'app_mention',
      text: full,
      user: user.id,
      ts: message.ts,
      blocks: [richTextFromMrkdwn(full)],
      team: TEAM.id,
      channel: channel.id,
      event_ts: message.ts,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
    };
    const { delivery } = await this.send(
      'app_mention',
      `@${this.state.bot.name} ${text}`.trim(),
      user,
      this.eventEnvelope(event),
      'application/json',
      channel.id,
    );
    if (!delivery.ok) {
      this.state.addNotice({
        userId: user.id,
        channel: channel.id,
        surface: 'channel',
        deliveryId: delivery.id,
        ...(threadTs !== undefined ? { threadTs } : {}),
        text: `@${this.state.bot.name} did not get your mention: ${delivery.error ?? ''}`,
      });
    }
    return { ...delivery, message };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Global shortcuts
  // ---------------------------------------------------------------------------------------------------------------

  get shortcuts(): readonly GlobalShortcut[] {
    return this.deps.shortcuts;
  }

  /**
   * The person picks one of the app's global shortcuts from the composer's menu. Slack sends `type: shortcut` with a
   * trigger_id and no channel (a global shortcut is not tied to a conversation); the conversation they had open only
   * becomes a modal's "current conversation" (default_to_current_conversation).
   */
  async shortcut(callbackId: string, options: ShortcutOptions = {}): Promise<ShortcutDelivery> {
    const user = this.human(options.userId);
    const shortcut = this.deps.shortcuts.find((s) => s.callbackId === callbackId);
    if (!shortcut)
      throw new Error(
        `the app has no global shortcut ${callbackId}; it has: ${this.deps.shortcuts.map((s) => s.callbackId).join(', ') || 'none'}`,
      );
    const channel =
      options.channel !== undefined && options.channel !== '' ? this.state.resolveChannel(options.channel) : undefined;
    const triggerId = this.state.createTrigger(user.id, channel?.id);
    const payload: JsonObject = {
      type: 'shortcut',
      token: VERIFICATION_TOKEN,
      action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      team: { id: TEAM.id, domain: TEAM.domain },
      user: { id: user.id, username: user.name, team_id: TEAM.id },
      is_enterprise_install: false,
      enterprise: null,
      callback_id: shortcut.callbackId,
      trigger_id: triggerId,
    };
    const label = `shortcut "${shortcut.name}"`;
    const { delivery } = await this.send(
      'shortcut',
      label,
      user,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM,
      channel?.id,
    );
    if (!delivery.ok) {
      this.state.addNotice({
        userId: user.id,
        surface: channel ? 'channel' : 'home',
        ...(channel ? { channel: channel.id } : {}),
        deliveryId: delivery.id,
        text: `${label} didn't work: ${delivery.error ?? ''}`,
      });
    }
    return { ...delivery, triggerId };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // App Home
  // ---------------------------------------------------------------------------------------------------------------

  async openHome(userId?: string): Promise<Delivery> {
    const user = this.human(userId);
    const home = this.state.home(user.id);
    const event: JsonObject = {
      type: 'app_home_opened',
      user: user.id,
      channel: this.state.imChannel(user.id).id,
      tab: 'home',
      event_ts: this.state.nextTs(),
      ...(home ? { view: this.state.viewJson(home) } : {}),
    };
    const { delivery } = await this.send(
      'app_home_opened',
      'open App Home',
      user,
      this.eventEnvelope(event),
      'application/json',
    );
    if (!delivery.ok)
      this.state.addNotice({
        userId: user.id,
        surface: 'home',
        deliveryId: delivery.id,
        text: `App Home could not be loaded: ${delivery.error ?? ''}`,
      });
    return delivery;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Clicks
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * `options.blockId` pins the element when the same action_id appears in several blocks (the console sends it).
   * `options.values`: what the person has entered in the view's inputs so far (a click in a modal carries the view's
   * state, as in Slack).
   */
  async click(
    ref: InteractionRef,
    actionId: string,
    value: string | undefined,
    options: ActorOptions & { blockId?: string; values?: ModalInputValues } = {},
  ): Promise<ActionDelivery> {
    const user = this.human(options.userId);
    if ('home' in ref || 'viewId' in ref) {
      const view = 'home' in ref ? this.state.home(ref.userId ?? user.id) : this.state.findView({ viewId: ref.viewId });
      if (!view)
        throw new Error('home' in ref ? `no App Home published for ${ref.userId ?? user.id}` : `no view ${ref.viewId}`);
      return this.clickInView(view, actionId, value, user, options.blockId, options.values ?? {});
    }
    const record = this.state.find(ref.channel, ref.ts);
    if (!record) throw new Error(`no message ${ref.channel}/${ref.ts}`);
    if (record.ephemeralTo !== undefined && record.ephemeralTo !== user.id)
      throw new Error(`message ${ref.ts} is ephemeral to ${record.ephemeralTo}, not ${user.id}`);
    const message = this.state.message(ref.channel, ref.ts);
    if (!message) throw new Error(`no message ${ref.channel}/${ref.ts}`);
    const found = findInteractive(message.blocks, actionId, value, options.blockId);
    if (!found)
      throw new Error(
        `no element ${actionId}${value !== undefined ? ` with value ${value}` : ''} in message ${ref.ts}; it has: ${actionIds(message.blocks).join(', ') || 'none'}`,
      );
    const channel = this.channel(message.channel);
    const responseRecord = this.state.createResponseUrl({
      kind: 'action',
      channel: channel.id,
      userId: user.id,
      messageTs: message.ts,
    });
    const responseUrl = `${this.deps.api.baseUrl}response/${responseRecord.id}`;
    const triggerId = this.state.createTrigger(user.id, channel.id);
    const ephemeral = message.ephemeralTo !== undefined;
    const payload: JsonObject = {
      type: 'block_actions',
      user: this.userJson(user),
      api_app_id: this.state.bot.appId,
      token: VERIFICATION_TOKEN,
      container: {
        type: 'message',
        message_ts: message.ts,
        channel_id: channel.id,
        is_ephemeral: ephemeral,
        ...(message.threadTs !== undefined ? { thread_ts: message.threadTs } : {}),
      },
      trigger_id: triggerId,
      team: { id: TEAM.id, domain: TEAM.domain },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: channel.id, name: channel.isIm ? 'directmessage' : channel.name },
      ...(ephemeral ? {} : { message: this.state.messageJson(message) }),
      state: { values: {} },
      response_url: responseUrl,
      actions: [actionJson(found)],
    };
    const label = `click ${actionId}${textOf(found.element.text) !== undefined ? ` ("${textOf(found.element.text) ?? ''}")` : ''}`;
    const { delivery } = await this.send(
      'block_actions',
      label,
      user,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM,
      channel.id,
    );
    if (!delivery.ok) {
      this.state.addNotice({
        userId: user.id,
        channel: channel.id,
        surface: 'channel',
        deliveryId: delivery.id,
        ...(message.threadTs !== undefined ? { threadTs: message.threadTs } : {}),
        text: `${label} failed: ${delivery.error ?? ''}`,
      });
    }
    return { ...delivery, responseUrl, triggerId };
  }

  private async clickInView(
    view: StoredView,
    actionId: string,
    value: string | undefined,
    user: SandboxUser,
    blockId: string | undefined,
    values: ModalInputValues,
  ): Promise<ActionDelivery> {
    const found = findInteractive(view.blocks, actionId, value, blockId);
    if (!found)
      throw new Error(
        `no element ${actionId}${value !== undefined ? ` with value ${value}` : ''} in view ${view.id}; it has: ${actionIds(view.blocks).join(', ') || 'none'}`,
      );
    // App Home is the app's DM; a modal keeps the conversation it was opened from.
    const conversation = view.type === 'home' ? this.state.imChannel(user.id).id : view.conversation;
    const triggerId = this.state.createTrigger(user.id, conversation);
    const state =
      view.type === 'modal'
        ? { values: viewStateValues(view.blocks, values, this.stateContext(user, view)) }
        : { values: {} };
    const payload: JsonObject = {
      type: 'block_actions',
      user: this.userJson(user),
      api_app_id: this.state.bot.appId,
      token: VERIFICATION_TOKEN,
      container: { type: 'view', view_id: view.id },
      trigger_id: triggerId,
      team: { id: TEAM.id, domain: TEAM.domain },
      enterprise: null,
      is_enterprise_install: false,
      view: this.state.viewJson(view, state),
      actions: [actionJson(found)],
    };
    const label = `click ${actionId} in ${view.type === 'home' ? 'App Home' : 'a modal'}`;
    const { delivery } = await this.send(
      'block_actions',
      label,
      user,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM,
    );
    if (!delivery.ok)
      this.state.addNotice({
        userId: user.id,
        surface: view.type === 'home' ? 'home' : 'modal',
        deliveryId: delivery.id,
        text: `${label} failed: ${delivery.error ?? ''}`,
      });
    return { ...delivery, triggerId };
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Modals
  // ---------------------------------------------------------------------------------------------------------------

  private stateContext(user: SandboxUser, view: StoredView): StateContext {
    const { state } = this;
    return {
      current: view.conversation,
      choices: conversationChoices(state.channels.values(), state.users, user.id, state.bot.userId, state.bot.name),
      users: state.users,
    };
  }

  /**
   * The person presses the modal's submit button. As in Slack, `view.state.values` holds every input block (what
   * was entered, or the initial value, or null), and Slack's client sends nothing while a required input is empty:
   * those errors are shown under the inputs and undefined is returned.
   */
  async submitModal(values: ModalInputValues = {}, options: ActorOptions = {}): Promise<Delivery | undefined> {
    const user = this.human(options.userId);
    const stack = this.state.modalStack(user.id);
    const view = stack[stack.length - 1];
    if (!view) throw new Error(`${user.id} has no open modal`);
    const stateValues = viewStateValues(view.blocks, values, this.stateContext(user, view));
    const refused = clientErrors(view.blocks, stateValues);
    if (Object.keys(refused).length > 0) {
      this.deps.log(
        `submit ${view.callbackId || view.id}: not sent, Slack's client refuses it (${Object.keys(refused).join(', ')})`,
      );
      this.state.setViewErrors(user.id, view.id, refused, 'client');
      return undefined;
    }
    const payload: JsonObject = {
      type: 'view_submission',
      team: { id: TEAM.id, domain: TEAM.domain },
      user: this.userJson(user),
      api_app_id: this.state.bot.appId,
      token: VERIFICATION_TOKEN,
      trigger_id: this.state.createTrigger(user.id, view.conversation),
      view: this.state.viewJson(view, { values: stateValues }),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const { delivery, answer } = await this.send(
      'view_submission',
      `submit ${view.callbackId || view.id}`,
      user,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM,
    );
    if (!delivery.ok) {
      this.state.addNotice({
        userId: user.id,
        surface: 'modal',
        deliveryId: delivery.id,
        text: `We had some trouble connecting. Try again? (${delivery.error ?? ''})`,
      });
      return delivery;
    }
    const response = parseAck(answer);
    const action = asString(response.response_action);
    if (action === 'errors' && isRecord(response.errors)) {
      const errors: Record<string, string> = {};
      for (const [key, message] of Object.entries(response.errors)) errors[key] = asString(message) ?? '';
      const inputs = new Set(inputElements(view.blocks).map((i) => i.blockId));
      const stray = Object.keys(errors).filter((key) => !inputs.has(key));
      if (stray.length > 0) {
        // Slack can only show an error under an input block; one keyed by anything else is lost on the person.
        this.state.addNotice({
          userId: user.id,
          surface: 'modal',
          deliveryId: delivery.id,
          text: `The app answered response_action: errors for ${stray.map((k) => `"${k}"`).join(', ')}, which ${stray.length === 1 ? 'is not an input block' : 'are not input blocks'} of this view: Slack shows no such error.`,
        });
      }
      this.state.setViewErrors(user.id, view.id, errors, 'app');
    } else if ((action === 'update' || action === 'push') && isRecord(response.view)) {
      const blocks = Array.isArray(response.view.blocks) ? response.view.blocks : [];
      if (action === 'update') this.state.updateView(view, response.view, blocks);
      else this.state.pushModal(user.id, response.view, blocks);
    } else if (action === 'clear') {
      this.state.clearModals(user.id);
    } else {
      this.state.popModal(user.id);
    }
    return delivery;
  }

  async closeModal(options: ActorOptions & { all?: boolean } = {}): Promise<Delivery | undefined> {
    const user = this.human(options.userId);
    const stack = this.state.modalStack(user.id);
    const top = stack[stack.length - 1];
    if (!top) return undefined;
    if (options.all) this.state.clearModals(user.id);
    else this.state.popModal(user.id);
    if (!top.notifyOnClose) return undefined;
    const payload: JsonObject = {
      type: 'view_closed',
      team: { id: TEAM.id, domain: TEAM.domain },
      user: this.userJson(user),
      api_app_id: this.state.bot.appId,
      token: VERIFICATION_TOKEN,
      view: this.state.viewJson(top),
      is_cleared: options.all === true && stack.length > 1,
      is_enterprise_install: false,
      enterprise: null,
    };
    const { delivery } = await this.send(
      'view_closed',
      `close ${top.callbackId || top.id}`,
      user,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      FORM,
    );
    return delivery;
  }
}

/** One entry of block_actions' `actions`, shaped by the element's type as Slack does. */
function actionJson(found: InteractiveElement): JsonObject {
  const { element, blockId, option, picked } = found;
  const base: JsonObject = {
    action_id: element.action_id,
    block_id: blockId,
    type: element.type,
    action_ts: `${(Date.now() / 1000).toFixed(6)}`,
  };
  if (element.type === 'button') {
    return {
      ...base,
      text: element.text,
      ...(element.value !== undefined ? { value: element.value } : {}),
      ...(element.url !== undefined ? { url: element.url } : {}),
      ...(element.style !== undefined ? { style: element.style } : {}),
    };
  }
  const placeholder = element.placeholder !== undefined ? { placeholder: element.placeholder } : {};
  const pickedKey = typeof element.type === 'string' ? PICKERS[element.type] : undefined;
  if (pickedKey !== undefined) return { ...base, [pickedKey]: picked ?? null, ...placeholder };
  // A click on one checkbox reports every box then checked; the stand-in knows only the one clicked.
  if (element.type === 'checkboxes' || element.type === 'multi_static_select')
    return { ...base, selected_options: option ? [option] : [] };
  return { ...base, selected_option: option, ...placeholder };
}

/** The JSON (or plain text) an app answered with. */
function parseAck(answer: BotAnswer): JsonObject {
  const body = answer.body.trim();
  if (body === '') return {};
  if (answer.contentType.includes('json') || body.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(body);
      if (isRecord(parsed)) return parsed;
    } catch {
      // Fall through: Slack shows a non-JSON body as text.
    }
  }
  return { text: body };
}

/** The rich_text block Slack attaches to a typed message: text and user mentions. */
function richTextFromMrkdwn(text: string): JsonObject {
  const elements: JsonObject[] = [];
  const pattern = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
  let last = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match.index > last) elements.push({ type: 'text', text: unescapeEntities(text.slice(last, match.index)) });
    elements.push({ type: 'user', user_id: match[1] });
    last = match.index + match[0].length;
  }
  if (last < text.length) elements.push({ type: 'text', text: unescapeEntities(text.slice(last)) });
  return { type: 'rich_text', block_id: hex(2), elements: [{ type: 'rich_text_section', elements }] };
}
