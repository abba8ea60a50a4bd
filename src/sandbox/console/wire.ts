/**
 * The console's wire format, shared by the server (routes.ts) and the page (web/): what the stand-in sends the page (/console/state, and each `snapshot` event on /console/events). The server's
 * snapshot() is typed against this, so the page and the server cannot drift apart unnoticed.
 */
import type { ConversationType } from '@slack/types';
import type { Delivery, Notice, ResponseUrlUse, StoredMessage } from '../slack/types';

export type { Notice, StoredMessage };

/** A conversation one person could pick in a conversations_select. */
export interface Conversation {
  id: string;
  name: string;
  type: ConversationType;
  /** A DM with a bot user (exclude_bot_users leaves these out). */
  withBot: boolean;
}

export interface WireUser {
  id: string;
  name: string;
  realName: string;
  isBot: boolean;
  color: string;
}

interface WireChannel {
  id: string;
  name: string;
  topic: string;
  isMember: boolean;
  isIm: boolean;
}

export interface WireModal {
  id: string;
  hash: string;
  callbackId: string;
  /** Text objects as the app sent them (unchecked). */
  title: unknown;
  submit: unknown;
  close: unknown;
  blocks: unknown[];
  errors: Record<string, string>;
  errorsFrom: 'app' | 'client' | null;
  conversation: string | null;
}

export interface Snapshot {
  version: number;
  me: string;
  team: { id: string; name: string };
  bot: { userId: string; botId: string; appId: string; name: string; commandName: string };
  users: Record<string, WireUser>;
  humans: { id: string; name: string; realName: string }[];
  channels: WireChannel[];
  channelsById: Record<string, WireChannel>;
  dmChannel: string;
  messages: StoredMessage[];
  notices: Notice[];
  home: { id: string; hash: string; blocks: unknown[] } | null;
  modals: WireModal[];
  shortcuts: { name: string; callbackId: string; description: string }[];
  conversations: Conversation[];
  deliveries: Delivery[];
  apiCalls: { method: string; ok: boolean; error: string | null; at: number; note: string | null }[];
  responseUses: ResponseUrlUse[];
  botEventsUrl: string;
}

/** The answer to POST /console/action. */
export type ActionResult = { ok: true; delivery?: Delivery } | { ok: false; error: string };
