/**
 * The console page: a Slack-like client for one person in the sandbox workspace. State arrives as snapshots over
 * Server-Sent Events (/console/events); every user action is one POST to /console/action, and the stand-in does
 * what Slack would (sign and send to the bot, post messages, …).
 *
 * It lists the app's global shortcuts behind the composer's ⚡ button, and shows links without ever following them:
 * a click on a link (or a link button) says where Slack would go, and the page stays on loopback.
 */

import type { ActionResult, Snapshot } from '../wire';
import { esc, isObject } from './html';
import { Drafts, inputOf, modalValues } from './inputs';
import {
  type AppTab,
  aboutHtml,
  activityHtml,
  channelIntroHtml,
  confirmHtml,
  headerHtml,
  homeHtml,
  linkNoticeHtml,
  modalHtml,
  shortcutMenuHtml,
  sidebarHtml,
  timelineHtml,
  userOptionsHtml,
} from './views';

function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`the page has no #${id}`);
  return el;
}

const dom = {
  app: byId('app', HTMLElement),
  connection: byId('connection', HTMLElement),
  sidebarToggle: byId('sidebar-toggle', HTMLButtonElement),
  sidebar: byId('sidebar-sections', HTMLElement),
  userSwitcher: byId('user-switcher', HTMLSelectElement),
  header: byId('main-header', HTMLElement),
  messagesArea: byId('messages-area', HTMLElement),
  messages: byId('messages', HTMLElement),
  homeArea: byId('home-area', HTMLElement),
  home: byId('home', HTMLElement),
  aboutArea: byId('about-area', HTMLElement),
  composerInput: byId('composer-input', HTMLTextAreaElement),
  composerStatus: byId('composer-status', HTMLElement),
  threadPane: byId('thread-pane', HTMLElement),
  threadTitle: byId('thread-title', HTMLElement),
  threadMessages: byId('thread-messages', HTMLElement),
  threadInput: byId('thread-composer-input', HTMLTextAreaElement),
  activity: byId('activity', HTMLElement),
  modalRoot: byId('modal-root', HTMLElement),
  confirmRoot: byId('confirm-root', HTMLElement),
  linkNotice: byId('link-notice', HTMLElement),
};

interface Ui {
  snap: Snapshot | null;
  user: string | null;
  mode: 'channel' | 'app';
  appTab: AppTab;
  channel: string;
  threadTs: string | null;
  activity: boolean;
  /** The phone-width sidebar, when open over the messages. */
  sidebarOpen: boolean;
  highlight: string | null;
  /** Which composer's shortcuts menu is open. */
  shortcutMenu: string | null;
  /** Per pane, the JSON of what it was last drawn from: unchanged panes are not redrawn. */
  memo: Record<string, string | null>;
}

const ui: Ui = {
  snap: null,
  user: null,
  mode: 'channel',
  appTab: 'home',
  channel: 'C0INCIDENTS',
  threadTs: null,
  activity: false,
  sidebarOpen: false,
  highlight: null,
  shortcutMenu: null,
  memo: {},
};
const drafts = new Drafts();

try {
  const savedUser = window.localStorage.getItem('sandbox.user');
  if (savedUser) ui.user = savedUser;
} catch {
  // Storage may be off.
}

// Permalinks from chat.getPermalink point here: /archives/C…/p1732600000000100?thread_ts=…
{
  const m = /^\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/.exec(window.location.pathname);
  if (m?.[1] && m[2] && m[3]) {
    ui.channel = m[1];
    ui.highlight = `${m[2]}.${m[3]}`;
    const thread = new URLSearchParams(window.location.search).get('thread_ts');
    if (thread) ui.threadTs = thread;
  }
}

function post(body: Record<string, unknown>): Promise<ActionResult> {
  return fetch('/console/action', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: ui.user, ...body }),
  })
    .then((r) => r.json() as Promise<ActionResult>)
    .catch((e: unknown) => ({ ok: false, error: String(e) }) as const);
}

// ------------------------------------------------------------------------------------------
// Live state
// ------------------------------------------------------------------------------------------
let source: EventSource | null = null;

function connect(): void {
  source?.close();
  source = new EventSource(`/console/events${ui.user ? `?user=${encodeURIComponent(ui.user)}` : ''}`);
  source.addEventListener('snapshot', (event) => {
    ui.snap = JSON.parse(event.data) as Snapshot;
    if (!ui.user) ui.user = ui.snap.me;
    setConnection(true);
    render();
  });
  source.onerror = () => setConnection(false);
}

function setConnection(ok: boolean): void {
  const el = dom.connection;
  el.className = `sk-conn ${ok ? 'sk-conn-ok' : 'sk-conn-bad'}`;
  el.title = ok ? 'Live: connected to the Slack stand-in' : 'Reconnecting to the Slack stand-in…';
  el.setAttribute('data-state', ok ? 'live' : 'offline');
}

/** Runs draw only when what it draws from changed. */
function memo(key: string, value: unknown, draw: () => void): void {
  const k = JSON.stringify(value);
  if (ui.memo[key] === k) return;
  ui.memo[key] = k;
  draw();
}

// ------------------------------------------------------------------------------------------
// Rendering
// ------------------------------------------------------------------------------------------
function render(): void {
  const s = ui.snap;
  if (!s) return;
  dom.app.toggleAttribute('data-sidebar-open', ui.sidebarOpen);
  dom.sidebarToggle.setAttribute('aria-expanded', String(ui.sidebarOpen));
  renderSidebar(s);
  renderHeader(s);
  const pane = ui.mode === 'app' && ui.appTab !== 'messages' ? ui.appTab : 'messages';
  dom.messagesArea.hidden = pane !== 'messages';
  dom.homeArea.hidden = pane !== 'home';
  dom.aboutArea.hidden = pane !== 'about';
  if (pane === 'home') renderHome(s);
  else if (pane === 'about') memo('about', [s.bot, s.botEventsUrl], () => (dom.aboutArea.innerHTML = aboutHtml(s)));
  else renderMessages(s);
  renderThread(s);
  renderModal(s);
  renderShortcutMenu();
  renderActivity(s);
}

function currentChannel(s: Snapshot): string {
  return ui.mode === 'app' ? s.dmChannel : ui.channel;
}

function renderSidebar(s: Snapshot): void {
  memo('sidebar', [s.channels, ui.mode, ui.channel, s.me], () => {
    dom.sidebar.innerHTML = sidebarHtml(s, ui.mode, ui.channel);
    dom.userSwitcher.innerHTML = userOptionsHtml(s);
  });
}

function renderHeader(s: Snapshot): void {
  memo('header', [ui.mode, ui.appTab, ui.channel, s.channels], () => {
    dom.header.innerHTML = headerHtml(s, ui.mode, ui.appTab, ui.channel);
    const name = ui.mode === 'app' ? s.bot.name : `#${s.channelsById[ui.channel]?.name ?? ''}`;
    dom.composerInput.placeholder = `Message ${name}`;
  });
}

function nearBottom(el: HTMLElement): boolean {
  return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
}

function renderMessages(s: Snapshot): void {
  const channel = currentChannel(s);
  const messages = s.messages.filter((m) => m.channel === channel && (!m.threadTs || m.broadcast));
  const notices = s.notices.filter((n) => n.surface === 'channel' && n.channel === channel && !n.threadTs);
  const list = dom.messages;
  memo('messages', [channel, messages, notices, ui.highlight], () => {
    const stick = nearBottom(list);
    list.innerHTML = channelIntroHtml(s, ui.mode, channel) + timelineHtml(s, messages, notices, false, ui.highlight);
    if (stick || !list.hasAttribute('data-scrolled')) {
      list.scrollTop = list.scrollHeight;
      list.setAttribute('data-scrolled', '1');
    }
    if (ui.highlight) list.querySelector(`[data-ts="${ui.highlight}"]`)?.scrollIntoView({ block: 'center' });
  });
}

function renderThread(s: Snapshot): void {
  const pane = dom.threadPane;
  const threadTs = ui.threadTs;
  if (!threadTs) {
    pane.hidden = true;
    return;
  }
  const channel = currentChannel(s);
  const parent = s.messages.find((m) => m.channel === channel && m.ts === threadTs);
  const replies = s.messages.filter((m) => m.channel === channel && m.threadTs === threadTs);
  const notices = s.notices.filter((n) => n.surface === 'channel' && n.channel === channel && n.threadTs === threadTs);
  pane.hidden = false;
  pane.setAttribute('data-thread-ts', threadTs);
  memo('thread', [channel, threadTs, parent, replies, notices], () => {
    const c = s.channelsById[channel];
    const where = c?.isIm ? s.bot.name : `#${c?.name ?? channel}`;
    dom.threadTitle.innerHTML = `<b>Thread</b> <span class="sk-thread-channel">${esc(where)}</span>`;
    const count = replies.filter((r) => !r.ephemeralTo).length;
    const list = dom.threadMessages;
    list.innerHTML =
      (parent
        ? timelineHtml(s, [parent], [], true, ui.highlight)
        : '<div class="sk-channel-intro">The parent message is gone.</div>') +
      `<div class="sk-thread-divider"><span>${count} replies</span></div>` +
      timelineHtml(s, replies, notices, true, ui.highlight);
    list.scrollTop = list.scrollHeight;
  });
}

function renderHome(s: Snapshot): void {
  const notices = s.notices.filter((n) => n.surface === 'home').slice(-3);
  memo('home', [s.home, notices], () => {
    if (s.home) dom.home.setAttribute('data-view-id', s.home.id);
    else dom.home.removeAttribute('data-view-id');
    dom.home.innerHTML = homeHtml(s, notices);
  });
}

function renderModal(s: Snapshot): void {
  const root = dom.modalRoot;
  const top = s.modals.at(-1) ?? null;
  const notices = s.notices.filter((n) => n.surface === 'modal').slice(-1);
  drafts.keepOnly(s.modals.map((v) => v.id));
  memo('modal', [top, s.modals.length, notices, s.conversations], () => {
    if (!top) {
      root.innerHTML = '';
      return;
    }
    const oldBody = root.querySelector('.sk-modal-body');
    const sameView = root.querySelector(`[data-view-id="${CSS.escape(top.id)}"]`) !== null;
    const scroll = oldBody && sameView ? oldBody.scrollTop : 0;
    root.innerHTML = modalHtml(s, top, notices);
    drafts.restore(top.id);
    const body = root.querySelector('.sk-modal-body');
    if (body && scroll) body.scrollTop = scroll;
    // After an error answer, bring the first input in error into view (Slack scrolls to it).
    const invalid = root.querySelector('.sk-input-invalid');
    if (invalid && Object.keys(top.errors).length) invalid.scrollIntoView({ block: 'nearest' });
  });
}

// ------------------------------------------------------------------------------------------
// The composer's shortcuts menu (global shortcuts)
// ------------------------------------------------------------------------------------------
function renderShortcutMenu(): void {
  const s = ui.snap;
  if (!s) return;
  for (const b of document.querySelectorAll('[data-shortcuts-button]'))
    b.setAttribute('aria-expanded', String(ui.shortcutMenu === b.getAttribute('data-shortcuts-button')));
  for (const menu of document.querySelectorAll<HTMLElement>('[data-shortcut-menu]')) {
    const open = ui.shortcutMenu === menu.getAttribute('data-shortcut-menu');
    menu.hidden = !open;
    if (open) menu.innerHTML = shortcutMenuHtml(s);
  }
}

function closeShortcutMenu(): void {
  ui.shortcutMenu = null;
  renderShortcutMenu();
}

// ------------------------------------------------------------------------------------------
// Links: shown as links, never followed (the sandbox stays on this machine)
// ------------------------------------------------------------------------------------------
let linkTimer: ReturnType<typeof setTimeout> | undefined;

function isExternal(href: string): boolean {
  try {
    return new URL(href, window.location.href).origin !== window.location.origin;
  } catch {
    return true;
  }
}

function showLinkNotice(url: string): void {
  const el = dom.linkNotice;
  el.setAttribute('data-href', url);
  el.innerHTML = linkNoticeHtml(url);
  el.hidden = false;
  clearTimeout(linkTimer);
  linkTimer = setTimeout(() => {
    el.hidden = true;
  }, 12000);
}

function renderActivity(s: Snapshot): void {
  dom.activity.hidden = !ui.activity;
  if (!ui.activity) return;
  memo('activity', [s.deliveries, s.apiCalls, s.responseUses], () => {
    dom.activity.innerHTML = activityHtml(s);
  });
}

// ------------------------------------------------------------------------------------------
// Actions
// ------------------------------------------------------------------------------------------
function setStatus(text: string | undefined, bad?: boolean): void {
  dom.composerStatus.textContent = text || '';
  dom.composerStatus.className = `sk-composer-status${bad ? ' sk-status-bad' : ''}`;
}

function describe(result: ActionResult): string {
  if (!result.ok) return result.error || 'failed';
  const d = result.delivery;
  if (!d) return '';
  return d.ok ? `Delivered: ${d.status} in ${d.durationMs} ms` : (d.error ?? '');
}

function compose(text: string, threadTs: string | null): void {
  const s = ui.snap;
  const trimmed = text.trim();
  if (!trimmed || !s) return;
  setStatus(trimmed.charAt(0) === '/' ? `Sending ${trimmed} \u2026` : '');
  post({ type: 'compose', channel: currentChannel(s), threadTs: threadTs || undefined, text: trimmed }).then((result) =>
    setStatus(describe(result), !result.ok || (result.delivery !== undefined && !result.delivery.ok)),
  );
}

function wireComposer(formId: string, input: HTMLTextAreaElement, inThread: boolean): void {
  const form = byId(formId, HTMLFormElement);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value;
    input.value = '';
    compose(text, inThread ? ui.threadTs : null);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
}

type Surface =
  | { kind: 'message'; channel: string | null; ts: string | null }
  | { kind: 'home' }
  | { kind: 'modal'; viewId: string | null };

function surfaceOf(el: Element): Surface | null {
  const host = el.closest('[data-surface]');
  if (!host) return null;
  const kind = host.getAttribute('data-surface');
  if (kind === 'message')
    return { kind: 'message', channel: host.getAttribute('data-channel'), ts: host.getAttribute('data-ts') };
  if (kind === 'home') return { kind: 'home' };
  if (kind === 'modal') return { kind: 'modal', viewId: host.getAttribute('data-view-id') };
  return null;
}

/** A `confirm` on the element asks first, as Slack does. */
function confirmThen(el: Element, go: () => void): void {
  const raw = el.getAttribute('data-confirm');
  const s = ui.snap;
  let c: unknown;
  try {
    c = raw && s ? JSON.parse(raw) : null;
  } catch {
    c = null;
  }
  if (!s || !isObject(c)) {
    go();
    return;
  }
  const root = dom.confirmRoot;
  root.innerHTML = confirmHtml(s, c);
  root.querySelector('[data-confirm-no]')?.addEventListener('click', () => {
    root.innerHTML = '';
  });
  root.querySelector('[data-confirm-yes]')?.addEventListener('click', () => {
    root.innerHTML = '';
    go();
  });
}

function interact(el: Element, value: string | undefined): void {
  const surface = surfaceOf(el);
  if (!surface) return;
  const body: Record<string, unknown> = {
    type: 'click',
    surface,
    actionId: el.getAttribute('data-action-id'),
    blockId: el.getAttribute('data-block-id'),
    value,
  };
  // A click in a modal carries what has been entered so far (view.state), as in Slack.
  if (surface.kind === 'modal') body.values = modalValues();
  el.setAttribute('data-busy', '1');
  post(body).then((result) => {
    el.removeAttribute('data-busy');
    if (!result.ok) setStatus(result.error, true);
  });
}

/** A fresh pane: everything is redrawn. */
function navigate(change: () => void): void {
  change();
  ui.threadTs = null;
  ui.sidebarOpen = false;
  ui.memo = {};
  render();
}

// Capture: no link may navigate away, whatever else handles the click.
function guardLink(e: MouseEvent): void {
  const a = e.target instanceof Element ? e.target.closest('a[href]') : null;
  if (!(a instanceof HTMLAnchorElement) || !isExternal(a.getAttribute('href') ?? '')) return;
  e.preventDefault();
  if (e.type === 'click' || e.button === 1) showLinkNotice(a.href);
}
document.addEventListener('click', guardLink, true);
document.addEventListener('auxclick', guardLink, true);

/** What a click on one of the page's own buttons does; false when it is not one. */
function pageButton(t: HTMLElement): boolean {
  if (t.hasAttribute('data-close-toast')) {
    dom.linkNotice.hidden = true;
  } else if (t.id === 'sidebar-toggle') {
    ui.sidebarOpen = !ui.sidebarOpen;
    render();
  } else if (t.hasAttribute('data-channel') && t.classList.contains('sk-side-item')) {
    navigate(() => {
      ui.mode = 'channel';
      ui.channel = t.getAttribute('data-channel') ?? ui.channel;
      ui.highlight = null;
    });
    dom.composerInput.focus();
  } else if (t.hasAttribute('data-open-app')) {
    navigate(() => {
      ui.mode = 'app';
      ui.appTab = 'home';
    });
    post({ type: 'open_home' });
  } else if (t.hasAttribute('data-tab')) {
    const tab = t.getAttribute('data-tab');
    navigate(() => {
      ui.appTab = tab === 'messages' || tab === 'about' ? tab : 'home';
    });
    if (ui.appTab === 'home') post({ type: 'open_home' });
  } else if (t.hasAttribute('data-open-thread')) {
    ui.threadTs = t.getAttribute('data-open-thread');
    render();
    dom.threadInput.focus();
  } else if (t.id === 'thread-close') {
    ui.threadTs = null;
    render();
  } else if (t.hasAttribute('data-modal-close')) {
    post({ type: 'modal_close', all: t.getAttribute('data-modal-close') === 'all' });
  } else if (t.hasAttribute('data-modal-submit')) {
    if (t.hasAttribute('data-busy')) return true;
    t.setAttribute('data-busy', '1');
    post({ type: 'modal_submit', values: modalValues() }).then((result) => {
      t.removeAttribute('data-busy');
      if (!result.ok) setStatus(result.error, true);
    });
  } else if (t.hasAttribute('data-reset')) {
    post({ type: 'reset' });
  } else if (t.id === 'activity-toggle') {
    ui.activity = !ui.activity;
    ui.memo.activity = null;
    render();
  } else {
    return false;
  }
  return true;
}

document.addEventListener('click', (e) => {
  const target = e.target instanceof Element ? e.target : null;
  const t = target?.closest<HTMLElement>('button, a');
  if (!t) {
    if (ui.shortcutMenu && !target?.closest('[data-shortcut-menu]')) closeShortcutMenu();
    return;
  }
  const menuButton = t.getAttribute('data-shortcuts-button');
  if (menuButton !== null) {
    ui.shortcutMenu = ui.shortcutMenu === menuButton ? null : menuButton;
    renderShortcutMenu();
    return;
  }
  const shortcut = t.getAttribute('data-shortcut');
  if (shortcut !== null) {
    closeShortcutMenu();
    setStatus('');
    // The shortcut is global: Slack sends no channel, but the one open here is the modal's "current conversation".
    const channel = ui.snap ? currentChannel(ui.snap) : undefined;
    post({ type: 'shortcut', callbackId: shortcut, channel }).then((result) => {
      if (!result.ok) setStatus(result.error, true);
      else if (result.delivery && !result.delivery.ok) setStatus(result.delivery.error, true);
    });
    return;
  }
  if (ui.shortcutMenu) closeShortcutMenu();
  if (pageButton(t)) return;
  if (t instanceof HTMLButtonElement && t.getAttribute('data-kind') === 'button' && t.hasAttribute('data-action-id')) {
    const url = t.getAttribute('data-url');
    confirmThen(t, () => {
      // A link button: Slack opens the URL and still sends block_actions (the app must ack it).
      if (url) showLinkNotice(url);
      interact(t, t.getAttribute('data-value') || undefined);
    });
  }
});

document.addEventListener('change', (e) => {
  const t = e.target;
  if (!(t instanceof HTMLElement)) return;
  if (t === dom.userSwitcher) {
    ui.user = dom.userSwitcher.value;
    try {
      window.localStorage.setItem('sandbox.user', ui.user);
    } catch {
      // Storage may be off.
    }
    ui.memo = {};
    ui.threadTs = null;
    connect();
    return;
  }
  const toggled = t instanceof HTMLInputElement && (t.type === 'radio' || t.type === 'checkbox') ? t : null;
  const input = inputOf(t);
  if (input) {
    drafts.remember(input);
    // Inside an input block an element only reports a change when the block asks for it (dispatch_action).
    if (input.hasAttribute('data-dispatch') && input instanceof HTMLSelectElement) interact(input, input.value);
    else if (input.hasAttribute('data-dispatch') && toggled) interact(input, toggled.value);
    return;
  }
  if (t instanceof HTMLSelectElement && t.hasAttribute('data-action-id') && !t.hasAttribute('data-input-block')) {
    const value = t.value;
    confirmThen(t, () => interact(t, value));
    return;
  }
  // radio_buttons / checkboxes outside input blocks (sections, actions) report every change.
  const group = toggled?.closest('[data-kind][data-action-id]');
  if (toggled && group && !group.hasAttribute('data-input-block')) interact(group, toggled.value);
});

document.addEventListener('input', (e) => {
  const input = inputOf(e.target);
  if (input) drafts.remember(input);
});

document.addEventListener('keydown', (e) => {
  if (e.key !== 'Escape') return;
  if (ui.shortcutMenu) {
    closeShortcutMenu();
    return;
  }
  if (ui.snap?.modals.length) post({ type: 'modal_close', all: true });
});

wireComposer('composer', dom.composerInput, false);
wireComposer('thread-composer', dom.threadInput, true);
connect();
