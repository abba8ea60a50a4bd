/**
 * The page's own HTML (sidebar, header, messages, threads, modals, the Activity pane), built from a snapshot.
 * Strings, no DOM: app.ts decides where they go.
 */

import type { Notice, Snapshot, StoredMessage, WireModal, WireUser } from '../wire';
import { asText, blocks, emojiHtml, esc, isBlock, mrkdwn, type RenderOptions, textObject } from './render';

export type AppTab = 'home' | 'messages' | 'about';

function renderOptions(s: Snapshot): RenderOptions {
  return { users: s.users, channels: s.channelsById, conversations: s.conversations };
}

function initial(name: string): string {
  return esc(name.charAt(0).toUpperCase());
}

function botColor(s: Snapshot): string {
  return esc(s.users[s.bot.userId]?.color ?? '#888');
}

function wireBlocks(list: readonly unknown[], options: RenderOptions): string {
  return blocks(list.filter(isBlock), options);
}

export function sidebarHtml(s: Snapshot, mode: 'channel' | 'app', channel: string): string {
  let html = '<div class="sk-side-section"><div class="sk-side-title">\u25BE Channels</div>';
  for (const c of s.channels) {
    if (c.isIm) continue;
    const active = mode === 'channel' && channel === c.id;
    html +=
      `<button type="button" class="sk-side-item${active ? ' sk-active' : ''}" data-testid="channel-${esc(c.name)}" data-channel="${esc(c.id)}">` +
      `<span class="sk-hash">#</span><span class="sk-side-name">${esc(c.name)}</span>` +
      `${c.isMember ? '' : '<span class="sk-side-note" title="The bot is not a member of this channel">no bot</span>'}</button>`;
  }
  html += '</div><div class="sk-side-section"><div class="sk-side-title">\u25BE Apps</div>';
  html +=
    `<button type="button" class="sk-side-item${mode === 'app' ? ' sk-active' : ''}" data-testid="app-${esc(s.bot.name)}" data-open-app="1">` +
    `<span class="sk-side-avatar" style="background:${botColor(s)}">${initial(s.bot.name)}</span><span class="sk-side-name">${esc(s.bot.name)}</span></button></div>`;
  return html;
}

export function userOptionsHtml(s: Snapshot): string {
  return s.humans
    .map(
      (u) =>
        `<option value="${esc(u.id)}"${u.id === s.me ? ' selected' : ''}>${esc(u.realName)} (@${esc(u.name)})</option>`,
    )
    .join('');
}

function tab(current: AppTab, id: AppTab, label: string, testid: string): string {
  const active = current === id;
  return `<button type="button" role="tab" class="sk-tab${active ? ' sk-tab-active' : ''}" data-tab="${id}" data-testid="${testid}" aria-selected="${active}">${label}</button>`;
}

export function headerHtml(s: Snapshot, mode: 'channel' | 'app', appTab: AppTab, channel: string): string {
  if (mode === 'app') {
    return (
      `<div class="sk-app-header"><div class="sk-app-title"><span class="sk-avatar sk-avatar-sm" style="background:${botColor(s)}">${initial(s.bot.name)}</span><b>${esc(s.bot.name)}</b></div>` +
      `<div class="sk-tabs" role="tablist">${tab(appTab, 'home', 'Home', 'app-home-tab')}${tab(appTab, 'messages', 'Messages', 'app-messages-tab')}${tab(appTab, 'about', 'About', 'app-about-tab')}</div></div>`
    );
  }
  const c = s.channelsById[channel] ?? { name: channel, topic: '' };
  return `<div class="sk-channel-title" data-testid="channel-title"># ${esc(c.name)}</div><div class="sk-channel-topic">${esc(c.topic || '')}</div>`;
}

function timeOf(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
}

function avatar(user: WireUser | undefined): string {
  if (!user) return '<div class="sk-avatar">?</div>';
  return `<div class="sk-avatar" style="background:${esc(user.color)}">${initial(user.realName || user.name)}</div>`;
}

const EYE =
  '<svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true"><path d="M10 4.5C5.5 4.5 2.3 8 1.5 10c.8 2 4 5.5 8.5 5.5s7.7-3.5 8.5-5.5c-.8-2-4-5.5-8.5-5.5zm0 9a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z" fill="currentColor"/></svg>';

function messageHtml(s: Snapshot, m: StoredMessage, inThread: boolean, highlight: string | null): string {
  const user = s.users[m.user];
  const isBot = m.user === s.bot.userId;
  const ephemeral = Boolean(m.ephemeralTo);
  const opts = renderOptions(s);
  const body = m.blocks?.length ? wireBlocks(m.blocks, opts) : mrkdwn(m.text, opts);
  const name = user ? user.realName : m.user;
  const at = Number(m.ts) * 1000;
  let html = `<div class="sk-msg${ephemeral ? ' sk-msg-ephemeral' : ''}${highlight === m.ts ? ' sk-msg-highlight' : ''}" data-testid="message" data-surface="message" data-channel="${esc(m.channel)}" data-ts="${esc(m.ts)}" data-ephemeral="${ephemeral}" data-from="${isBot ? 'bot' : 'user'}" data-via="${esc(m.via)}" data-edits="${m.edits}">`;
  if (ephemeral) html += `<div class="sk-ephemeral-note" data-testid="ephemeral-note">${EYE} Only visible to you</div>`;
  html +=
    `<div class="sk-msg-row">${avatar(user)}<div class="sk-msg-content"><div class="sk-msg-header"><span class="sk-author">${esc(name)}</span>` +
    `${isBot ? '<span class="sk-app-badge">APP</span>' : ''}<span class="sk-time" title="${esc(new Date(at).toString())}">${esc(timeOf(at))}</span>` +
    `${m.via === 'command_echo' ? `<span class="sk-via">used ${esc(m.text.split(' ')[0] || '')}</span>` : ''}</div>` +
    `<div class="sk-msg-body" data-testid="message-body">${body}</div>`;
  if (!inThread && m.replyCount > 0) {
    html += `<button type="button" class="sk-thread-summary" data-testid="thread-summary" data-open-thread="${esc(m.ts)}">${m.replyCount}${m.replyCount === 1 ? ' reply' : ' replies'}</button>`;
  }
  if (m.broadcast) html += '<div class="sk-broadcast-note">replied to a thread</div>';
  html += '</div></div>';
  if (!inThread && !ephemeral && !m.threadTs) {
    html += `<div class="sk-msg-tools"><button type="button" class="sk-tool" data-testid="reply-in-thread" data-open-thread="${esc(m.ts)}" title="Reply in thread">\u{1F4AC} Reply</button></div>`;
  }
  return `${html}</div>`;
}

function noticeHtml(n: Notice): string {
  return (
    `<div class="sk-msg sk-msg-ephemeral sk-notice" data-testid="delivery-error" data-notice="${esc(n.id)}">` +
    '<div class="sk-ephemeral-note">Only visible to you \u00B7 sandbox</div>' +
    `<div class="sk-msg-row"><div class="sk-avatar" style="background:#611f69">S</div><div class="sk-msg-content"><div class="sk-msg-header"><span class="sk-author">Slackbot</span><span class="sk-time">${esc(timeOf(n.at))}</span></div>` +
    `<div class="sk-msg-body sk-notice-text"><span class="sk-warn-icon">${emojiHtml('warning') || '!'}</span> ${esc(n.text)}</div></div></div></div>`
  );
}

/** Messages and notices in time order. */
export function timelineHtml(
  s: Snapshot,
  messages: readonly StoredMessage[],
  notices: readonly Notice[],
  inThread: boolean,
  highlight: string | null,
): string {
  const items: { at: number; html: () => string }[] = [
    ...messages.map((m) => ({ at: Number(m.ts) * 1000, html: () => messageHtml(s, m, inThread, highlight) })),
    ...notices.map((n) => ({ at: n.at, html: () => noticeHtml(n) })),
  ];
  // A stable sort keeps messages before notices of the same instant, as before.
  items.sort((a, b) => a.at - b.at);
  return items.map((it) => it.html()).join('');
}

export function channelIntroHtml(s: Snapshot, mode: 'channel' | 'app', channel: string): string {
  const text =
    mode === 'app'
      ? `This is your direct message history with <b>${esc(s.bot.name)}</b>.`
      : `This is the very beginning of the <b>#${esc(s.channelsById[channel]?.name || channel)}</b> channel. Try <code class="sk-code">${esc(s.bot.commandName)} help</code> or <code class="sk-code">@${esc(s.bot.name)} help</code>.`;
  return `<div class="sk-channel-intro">${text}</div>`;
}

export function homeHtml(s: Snapshot, notices: readonly Notice[]): string {
  let html = notices.map(noticeHtml).join('');
  if (s.home)
    html += `<div class="sk-home-blocks" data-testid="home-blocks">${wireBlocks(s.home.blocks, renderOptions(s))}</div>`;
  else
    html += `<div class="sk-empty" data-testid="home-empty">${esc(s.bot.name)} has not published a Home tab for you yet. (It should, on app_home_opened.)</div>`;
  return html;
}

export function aboutHtml(s: Snapshot): string {
  return (
    `<div class="sk-about"><h2>${esc(s.bot.name)}</h2><p>Lists Alibaba Cloud traffic mirror sessions.</p>` +
    `<dl><dt>Slash command</dt><dd><code class="sk-code">${esc(s.bot.commandName)}</code></dd><dt>Bot user</dt><dd>${esc(s.bot.userId)}</dd>` +
    `<dt>App id</dt><dd>${esc(s.bot.appId)}</dd><dt>Request URL</dt><dd><code class="sk-code">${esc(s.botEventsUrl)}</code></dd></dl></div>`
  );
}

export function modalHtml(s: Snapshot, top: WireModal, notices: readonly Notice[]): string {
  const opts: RenderOptions = { ...renderOptions(s), errors: top.errors, currentConversation: top.conversation };
  const close = asText(top.close);
  const closeText = close?.text ? close.text : s.modals.length > 1 ? 'Back' : 'Cancel';
  const submit = asText(top.submit);
  return (
    `<div class="sk-overlay"><div class="sk-modal" role="dialog" aria-modal="true" data-testid="modal" data-surface="modal" data-view-id="${esc(top.id)}" data-callback-id="${esc(top.callbackId || '')}" data-hash="${esc(top.hash || '')}">` +
    `<div class="sk-modal-header">${s.modals.length > 1 ? '<button type="button" class="sk-modal-back" data-modal-close="back" title="Back">\u2190</button>' : ''}` +
    `<div class="sk-modal-app" aria-hidden="true" style="background:${botColor(s)}">${initial(s.bot.name)}</div>` +
    `<div class="sk-modal-title" data-testid="modal-title">${textObject(asText(top.title), opts)}</div>` +
    '<button type="button" class="sk-modal-x" data-modal-close="all" data-testid="modal-close-x" title="Close">\u2715</button></div>' +
    `<div class="sk-modal-body" data-testid="modal-body">${notices.map(noticeHtml).join('')}${wireBlocks(top.blocks, opts)}</div>` +
    `<div class="sk-modal-footer"><button type="button" class="sk-btn" data-modal-close="back" data-testid="modal-close">${esc(closeText)}</button>` +
    `${submit ? `<button type="button" class="sk-btn sk-btn-primary" data-modal-submit="1" data-testid="modal-submit">${textObject(submit, opts)}</button>` : ''}` +
    '</div></div></div>'
  );
}

/** A confirm dialog (a button's `confirm`), from the JSON the renderer put on the element. */
export function confirmHtml(s: Snapshot, raw: Record<string, unknown>): string {
  const opts = renderOptions(s);
  const deny = asText(raw.deny);
  const confirm = asText(raw.confirm);
  return (
    '<div class="sk-overlay"><div class="sk-modal sk-confirm" role="dialog" data-testid="confirm-dialog">' +
    `<div class="sk-modal-header"><div class="sk-modal-title">${textObject(asText(raw.title), opts)}</div></div>` +
    `<div class="sk-modal-body">${textObject(asText(raw.text), opts)}</div>` +
    `<div class="sk-modal-footer"><button type="button" class="sk-btn" data-testid="confirm-cancel" data-confirm-no="1">${deny ? textObject(deny, opts) : 'Cancel'}</button>` +
    `<button type="button" class="sk-btn ${raw.style === 'danger' ? 'sk-btn-danger' : 'sk-btn-primary'}" data-testid="confirm-ok" data-confirm-yes="1">${confirm ? textObject(confirm, opts) : 'Yes'}</button></div></div></div>`
  );
}

export function shortcutMenuHtml(s: Snapshot): string {
  const items = s.shortcuts
    .map(
      (sc) =>
        `<button type="button" class="sk-shortcut-item" role="menuitem" data-testid="shortcut-item" data-shortcut="${esc(sc.callbackId)}">` +
        `<span class="sk-shortcut-icon" style="background:${botColor(s)}">${initial(s.bot.name)}</span>` +
        `<span class="sk-shortcut-text"><span class="sk-shortcut-name">${esc(sc.name)}</span><span class="sk-shortcut-desc">${esc(sc.description)}</span></span>` +
        `<span class="sk-shortcut-app">${esc(s.bot.name)}</span></button>`,
    )
    .join('');
  return (
    '<div class="sk-shortcut-head">Shortcuts</div>' +
    (items || `<div class="sk-shortcut-empty">${esc(s.bot.name)} has no global shortcuts.</div>`) +
    '<div class="sk-shortcut-foot">Global shortcuts start something from anywhere in Slack, not from one message.</div>'
  );
}

export function linkNoticeHtml(url: string): string {
  return (
    `<span class="sk-toast-text">Slack would open <a class="sk-link" data-testid="link-notice-url" href="${esc(url)}">${esc(url)}</a> in your browser. ` +
    'The sandbox stays on this machine: the link was not followed.</span><button type="button" class="sk-toast-x" data-close-toast="1" title="Dismiss">\u2715</button>'
  );
}

const NOTHING = '<div class="sk-muted">Nothing yet.</div>';

export function activityHtml(s: Snapshot): string {
  let html = `<div class="sk-activity-head"><b>Activity</b><span class="sk-activity-url">${esc(s.botEventsUrl)}</span><button type="button" class="sk-btn sk-btn-small" data-testid="reset" data-reset="1">Clear history</button></div>`;
  html += '<div class="sk-activity-title">Requests to the app</div>';
  html +=
    [...s.deliveries]
      .reverse()
      .map(
        (d) =>
          `<div class="sk-activity-row ${d.ok ? 'sk-ok' : 'sk-bad'}" data-testid="delivery"><span class="sk-code-pill">${esc(d.status === null ? '\u2014' : String(d.status))}</span> <b>${esc(d.kind)}</b> ${esc(d.label)}` +
          ` <span class="sk-muted">${d.durationMs} ms</span>${d.error ? `<div class="sk-activity-err">${esc(d.error)}</div>` : ''}</div>`,
      )
      .join('') || NOTHING;
  html += '<div class="sk-activity-title">response_url posts from the app</div>';
  html +=
    [...s.responseUses]
      .reverse()
      .map(
        (u) =>
          `<div class="sk-activity-row ${u.status === 200 ? 'sk-ok' : 'sk-bad'}" data-testid="response-url-use"><span class="sk-code-pill">${u.status}</span> <b>${esc(u.effect)}</b> <span class="sk-muted">${esc(u.kind)} URL · use ${u.uses}/5</span></div>`,
      )
      .join('') || NOTHING;
  html += '<div class="sk-activity-title">Web API calls from the app</div>';
  html +=
    [...s.apiCalls]
      .reverse()
      .map(
        (c) =>
          `<div class="sk-activity-row ${c.ok ? 'sk-ok' : 'sk-bad'}" data-testid="api-call" data-method="${esc(c.method)}"><b>${esc(c.method)}</b> ${c.ok ? 'ok' : esc(c.error || 'error')}` +
          `${c.note ? ` <span class="sk-muted">· ${esc(c.note)}</span>` : ''}</div>`,
      )
      .join('') || NOTHING;
  return html;
}
