/**
 * The console's browser code (served at /console/app.js): a Slack-like client for one person in the sandbox
 * workspace. State arrives as snapshots over Server-Sent Events (/console/events); every user action is one POST
 * to /console/action, and the stand-in does what Slack would (sign and send to the bot, post messages, …).
 *
 * Like Slack's client it keeps what the person typed into a modal across re-renders (an errors answer, a
 * views.update), collects every input as its element reports it (text, option value, conversation id, several),
 * lists the app's global shortcuts behind the composer's ⚡ button, and shows links without ever following them:
 * a click on a link (or a link button) says where Slack would go, and the page stays on loopback.
 *
 * Plain ES2017 in a String.raw template: no template literals or backticks inside.
 */
export const APP_JS = String.raw`
(function () {
  'use strict';
  var R = window.SlackRender;
  var $ = function (id) { return document.getElementById(id); };
  var esc = R.esc;

  var ui = {
    snap: null,
    user: null,
    mode: 'channel',          // 'channel' | 'app'
    appTab: 'home',           // 'home' | 'messages' | 'about'
    channel: 'C0INCIDENTS',
    threadTs: null,
    activity: false,
    highlight: null,
    shortcutMenu: null,       // which composer's shortcuts menu is open: 'composer' | 'thread-composer' | null
    drafts: {},               // view id -> block_id -> action_id -> what the person entered (kept across re-renders)
    memo: {}
  };

  try {
    var savedUser = window.localStorage.getItem('sandbox.user');
    if (savedUser) ui.user = savedUser;
  } catch (e) { /* storage may be off */ }

  // Permalinks from chat.getPermalink point here: /archives/C…/p1732600000000100?thread_ts=…
  (function fromLocation() {
    var m = /^\/archives\/([A-Z0-9]+)\/p(\d{10})(\d{6})/.exec(window.location.pathname);
    if (!m) return;
    ui.channel = m[1];
    ui.highlight = m[2] + '.' + m[3];
    var thread = new URLSearchParams(window.location.search).get('thread_ts');
    if (thread) ui.threadTs = thread;
  })();

  function post(body) {
    return fetch('/console/action', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Object.assign({ user: ui.user }, body))
    }).then(function (r) { return r.json(); }).catch(function (e) { return { ok: false, error: String(e) }; });
  }

  // ------------------------------------------------------------------------------------------
  // Live state
  // ------------------------------------------------------------------------------------------
  var source = null;
  function connect() {
    if (source) source.close();
    source = new EventSource('/console/events' + (ui.user ? '?user=' + encodeURIComponent(ui.user) : ''));
    source.addEventListener('snapshot', function (event) {
      ui.snap = JSON.parse(event.data);
      if (!ui.user) ui.user = ui.snap.me;
      setConnection(true);
      render();
    });
    source.onerror = function () { setConnection(false); };
  }
  function setConnection(ok) {
    var el = $('connection');
    el.className = 'sk-conn ' + (ok ? 'sk-conn-ok' : 'sk-conn-bad');
    el.title = ok ? 'Live: connected to the Slack stand-in' : 'Reconnecting to the Slack stand-in…';
    el.setAttribute('data-state', ok ? 'live' : 'offline');
  }

  function renderOptions() {
    var s = ui.snap;
    return { users: s.users, channels: s.channelsById, conversations: s.conversations || [], timeZone: undefined };
  }

  function memo(key, value, fn) {
    var k = JSON.stringify(value);
    if (ui.memo[key] === k) return;
    ui.memo[key] = k;
    fn();
  }

  // ------------------------------------------------------------------------------------------
  // Rendering
  // ------------------------------------------------------------------------------------------
  function render() {
    if (!ui.snap) return;
    renderSidebar();
    renderHeader();
    if (ui.mode === 'app' && ui.appTab === 'home') {
      $('messages-area').hidden = true;
      $('home-area').hidden = false;
      $('about-area').hidden = true;
      renderHome();
    } else if (ui.mode === 'app' && ui.appTab === 'about') {
      $('messages-area').hidden = true;
      $('home-area').hidden = true;
      $('about-area').hidden = false;
      renderAbout();
    } else {
      $('messages-area').hidden = false;
      $('home-area').hidden = true;
      $('about-area').hidden = true;
      renderMessages();
    }
    renderThread();
    renderModal();
    renderShortcutMenu();
    renderActivity();
  }

  function currentChannel() {
    var s = ui.snap;
    if (ui.mode === 'app') return s.dmChannel;
    return ui.channel;
  }

  function renderSidebar() {
    var s = ui.snap;
    memo('sidebar', [s.channels, ui.mode, ui.channel, s.me, s.unread], function () {
      var html = '<div class="sk-side-section"><div class="sk-side-title">\u25BE Channels</div>';
      s.channels.forEach(function (c) {
        if (c.isIm) return;
        var active = ui.mode === 'channel' && ui.channel === c.id;
        html += '<button type="button" class="sk-side-item' + (active ? ' sk-active' : '') + '" data-testid="channel-' + esc(c.name) + '" data-channel="' + esc(c.id) + '">' +
          '<span class="sk-hash">#</span><span class="sk-side-name">' + esc(c.name) + '</span>' +
          (c.isMember ? '' : '<span class="sk-side-note" title="The bot is not a member of this channel">no bot</span>') + '</button>';
      });
      html += '</div><div class="sk-side-section"><div class="sk-side-title">\u25BE Apps</div>';
      html += '<button type="button" class="sk-side-item' + (ui.mode === 'app' ? ' sk-active' : '') + '" data-testid="app-' + esc(s.bot.name) + '" data-open-app="1">' +
        '<span class="sk-side-avatar" style="background:' + esc(s.users[s.bot.userId].color) + '">' + esc(s.bot.name.charAt(0).toUpperCase()) + '</span><span class="sk-side-name">' + esc(s.bot.name) + '</span></button></div>';
      $('sidebar-sections').innerHTML = html;
      var sw = $('user-switcher');
      sw.innerHTML = s.humans.map(function (u) {
        return '<option value="' + esc(u.id) + '"' + (u.id === s.me ? ' selected' : '') + '>' + esc(u.realName) + ' (@' + esc(u.name) + ')</option>';
      }).join('');
    });
  }

  function renderHeader() {
    var s = ui.snap;
    memo('header', [ui.mode, ui.appTab, ui.channel, s.channels], function () {
      var html;
      if (ui.mode === 'app') {
        var bot = s.users[s.bot.userId];
        html = '<div class="sk-app-header"><div class="sk-app-title"><span class="sk-avatar sk-avatar-sm" style="background:' + esc(bot.color) + '">' + esc(s.bot.name.charAt(0).toUpperCase()) + '</span><b>' + esc(s.bot.name) + '</b></div>' +
          '<div class="sk-tabs" role="tablist">' +
          tab('home', 'Home', 'app-home-tab') + tab('messages', 'Messages', 'app-messages-tab') + tab('about', 'About', 'app-about-tab') + '</div></div>';
      } else {
        var c = s.channelsById[ui.channel] || { name: ui.channel, topic: '' };
        html = '<div class="sk-channel-title" data-testid="channel-title"># ' + esc(c.name) + '</div><div class="sk-channel-topic">' + esc(c.topic || '') + '</div>';
      }
      $('main-header').innerHTML = html;
      var name = ui.mode === 'app' ? s.bot.name : '#' + ((s.channelsById[ui.channel] || {}).name || '');
      $('composer-input').placeholder = 'Message ' + name;
    });
  }

  function tab(id, label, testid) {
    var active = ui.appTab === id;
    return '<button type="button" role="tab" class="sk-tab' + (active ? ' sk-tab-active' : '') + '" data-tab="' + id + '" data-testid="' + testid + '" aria-selected="' + active + '">' + label + '</button>';
  }

  function timeOf(ts) {
    var d = new Date(Number(ts) * 1000);
    return d.toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' });
  }

  function avatar(user) {
    if (!user) return '<div class="sk-avatar">?</div>';
    return '<div class="sk-avatar" style="background:' + esc(user.color) + '">' + esc((user.realName || user.name).charAt(0).toUpperCase()) + '</div>';
  }

  function messageHtml(m, inThread) {
    var s = ui.snap;
    var user = s.users[m.user];
    var isBot = m.user === s.bot.userId;
    var ephemeral = !!m.ephemeralTo;
    var opts = renderOptions();
    var body = m.blocks && m.blocks.length ? R.blocks(m.blocks, opts) : R.mrkdwn(m.text, opts);
    var name = user ? user.realName : m.user;
    var html = '<div class="sk-msg' + (ephemeral ? ' sk-msg-ephemeral' : '') + (ui.highlight === m.ts ? ' sk-msg-highlight' : '') + '" data-testid="message" data-surface="message" data-channel="' + esc(m.channel) + '" data-ts="' + esc(m.ts) + '" data-ephemeral="' + ephemeral + '" data-from="' + (isBot ? 'bot' : 'user') + '" data-via="' + esc(m.via) + '" data-edits="' + m.edits + '">';
    if (ephemeral) html += '<div class="sk-ephemeral-note" data-testid="ephemeral-note"><svg viewBox="0 0 20 20" width="14" height="14" aria-hidden="true"><path d="M10 4.5C5.5 4.5 2.3 8 1.5 10c.8 2 4 5.5 8.5 5.5s7.7-3.5 8.5-5.5c-.8-2-4-5.5-8.5-5.5zm0 9a3.5 3.5 0 1 1 0-7 3.5 3.5 0 0 1 0 7z" fill="currentColor"/></svg> Only visible to you</div>';
    html += '<div class="sk-msg-row">' + avatar(user) + '<div class="sk-msg-content"><div class="sk-msg-header"><span class="sk-author">' + esc(name) + '</span>' +
      (isBot ? '<span class="sk-app-badge">APP</span>' : '') + '<span class="sk-time" title="' + esc(new Date(Number(m.ts) * 1000).toString()) + '">' + esc(timeOf(m.ts)) + '</span>' +
      (m.via === 'command_echo' ? '<span class="sk-via">used ' + esc((m.text.split(' ')[0]) || '') + '</span>' : '') + '</div>' +
      '<div class="sk-msg-body" data-testid="message-body">' + body + '</div>';
    if (!inThread && m.replyCount > 0) {
      html += '<button type="button" class="sk-thread-summary" data-testid="thread-summary" data-open-thread="' + esc(m.ts) + '">' + m.replyCount + (m.replyCount === 1 ? ' reply' : ' replies') + '</button>';
    }
    if (m.broadcast) html += '<div class="sk-broadcast-note">replied to a thread</div>';
    html += '</div></div>';
    if (!inThread && !ephemeral && !m.threadTs) {
      html += '<div class="sk-msg-tools"><button type="button" class="sk-tool" data-testid="reply-in-thread" data-open-thread="' + esc(m.ts) + '" title="Reply in thread">\u{1F4AC} Reply</button></div>';
    }
    return html + '</div>';
  }

  function noticeHtml(n) {
    return '<div class="sk-msg sk-msg-ephemeral sk-notice" data-testid="delivery-error" data-notice="' + esc(n.id) + '">' +
      '<div class="sk-ephemeral-note">Only visible to you \u00B7 sandbox</div>' +
      '<div class="sk-msg-row"><div class="sk-avatar" style="background:#611f69">S</div><div class="sk-msg-content"><div class="sk-msg-header"><span class="sk-author">Slackbot</span><span class="sk-time">' + esc(new Date(n.at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })) + '</span></div>' +
      '<div class="sk-msg-body sk-notice-text"><span class="sk-warn-icon">' + (R.emojiHtml('warning') || '!') + '</span> ' + esc(n.text) + '</div></div></div></div>';
  }

  function timeline(messages, notices) {
    var items = messages.map(function (m) { return { at: Number(m.ts) * 1000, html: null, m: m }; });
    notices.forEach(function (n) { items.push({ at: n.at, n: n }); });
    items.sort(function (a, b) { return a.at - b.at; });
    return items;
  }

  function nearBottom(el) {
    return el.scrollHeight - el.scrollTop - el.clientHeight < 80;
  }

  function renderMessages() {
    var s = ui.snap;
    var channel = currentChannel();
    var messages = s.messages.filter(function (m) { return m.channel === channel && (!m.threadTs || m.broadcast); });
    var notices = s.notices.filter(function (n) { return n.surface === 'channel' && n.channel === channel && !n.threadTs; });
    var list = $('messages');
    memo('messages', [channel, messages, notices, ui.highlight], function () {
      var stick = nearBottom(list);
      var items = timeline(messages, notices);
      var html = '<div class="sk-channel-intro">' + (ui.mode === 'app'
        ? 'This is your direct message history with <b>' + esc(s.bot.name) + '</b>.'
        : 'This is the very beginning of the <b>#' + esc((s.channelsById[channel] || {}).name || channel) + '</b> channel. Try <code class="sk-code">' + esc(s.bot.commandName) + ' help</code> or <code class="sk-code">@' + esc(s.bot.name) + ' help</code>.') + '</div>';
      html += items.map(function (it) { return it.m ? messageHtml(it.m, false) : noticeHtml(it.n); }).join('');
      list.innerHTML = html;
      if (stick || !list.getAttribute('data-scrolled')) {
        list.scrollTop = list.scrollHeight;
        list.setAttribute('data-scrolled', '1');
      }
      if (ui.highlight) {
        var el = list.querySelector('[data-ts="' + ui.highlight + '"]');
        if (el) el.scrollIntoView({ block: 'center' });
      }
    });
  }

  function renderThread() {
    var s = ui.snap;
    var pane = $('thread-pane');
    if (!ui.threadTs) {
      pane.hidden = true;
      return;
    }
    var channel = currentChannel();
    var parent = s.messages.filter(function (m) { return m.channel === channel && m.ts === ui.threadTs; })[0];
    var replies = s.messages.filter(function (m) { return m.channel === channel && m.threadTs === ui.threadTs; });
    var notices = s.notices.filter(function (n) { return n.surface === 'channel' && n.channel === channel && n.threadTs === ui.threadTs; });
    pane.hidden = false;
    pane.setAttribute('data-thread-ts', ui.threadTs);
    memo('thread', [channel, ui.threadTs, parent, replies, notices], function () {
      var list = $('thread-messages');
      var c = s.channelsById[channel] || { name: channel };
      $('thread-title').innerHTML = '<b>Thread</b> <span class="sk-thread-channel">' + (c.isIm ? esc(s.bot.name) : '#' + esc(c.name)) + '</span>';
      var html = parent ? messageHtml(parent, true) : '<div class="sk-channel-intro">The parent message is gone.</div>';
      html += '<div class="sk-thread-divider"><span>' + replies.filter(function (r) { return !r.ephemeralTo; }).length + ' replies</span></div>';
      html += timeline(replies, notices).map(function (it) { return it.m ? messageHtml(it.m, true) : noticeHtml(it.n); }).join('');
      list.innerHTML = html;
      list.scrollTop = list.scrollHeight;
    });
  }

  function renderHome() {
    var s = ui.snap;
    var notices = s.notices.filter(function (n) { return n.surface === 'home'; }).slice(-3);
    memo('home', [s.home, notices], function () {
      var el = $('home');
      var html = notices.map(noticeHtml).join('');
      if (s.home) {
        el.setAttribute('data-view-id', s.home.id);
        html += '<div class="sk-home-blocks" data-testid="home-blocks">' + R.blocks(s.home.blocks, renderOptions()) + '</div>';
      } else {
        el.removeAttribute('data-view-id');
        html += '<div class="sk-empty" data-testid="home-empty">' + esc(s.bot.name) + ' has not published a Home tab for you yet. (It should, on app_home_opened.)</div>';
      }
      el.innerHTML = html;
    });
  }

  function renderAbout() {
    var s = ui.snap;
    memo('about', [s.bot, s.botEventsUrl], function () {
      $('about-area').innerHTML = '<div class="sk-about"><h2>' + esc(s.bot.name) + '</h2><p>Lists Alibaba Cloud traffic mirror sessions.</p>' +
        '<dl><dt>Slash command</dt><dd><code class="sk-code">' + esc(s.bot.commandName) + '</code></dd><dt>Bot user</dt><dd>' + esc(s.bot.userId) + '</dd>' +
        '<dt>App id</dt><dd>' + esc(s.bot.appId) + '</dd><dt>Request URL</dt><dd><code class="sk-code">' + esc(s.botEventsUrl) + '</code></dd></dl></div>';
    });
  }

  function renderModal() {
    var s = ui.snap;
    var root = $('modal-root');
    var top = s.modals.length ? s.modals[s.modals.length - 1] : null;
    var notices = s.notices.filter(function (n) { return n.surface === 'modal'; }).slice(-1);
    // What was typed into views no longer open is forgotten, as in Slack.
    Object.keys(ui.drafts).forEach(function (id) {
      if (!s.modals.some(function (v) { return v.id === id; })) delete ui.drafts[id];
    });
    memo('modal', [top, s.modals.length, notices, s.conversations], function () {
      if (!top) {
        root.innerHTML = '';
        return;
      }
      var oldBody = root.querySelector('.sk-modal-body');
      var sameView = root.querySelector('[data-view-id="' + top.id + '"]') !== null;
      var scroll = oldBody && sameView ? oldBody.scrollTop : 0;
      var opts = renderOptions();
      opts.errors = top.errors;
      opts.currentConversation = top.conversation || null;
      var closeText = top.close && top.close.text ? top.close.text : (s.modals.length > 1 ? 'Back' : 'Cancel');
      root.innerHTML = '<div class="sk-overlay"><div class="sk-modal" role="dialog" aria-modal="true" data-testid="modal" data-surface="modal" data-view-id="' + esc(top.id) + '" data-callback-id="' + esc(top.callbackId || '') + '" data-hash="' + esc(top.hash || '') + '">' +
        '<div class="sk-modal-header">' + (s.modals.length > 1 ? '<button type="button" class="sk-modal-back" data-modal-close="back" title="Back">\u2190</button>' : '') +
        '<div class="sk-modal-app" aria-hidden="true" style="background:' + esc(s.users[s.bot.userId].color) + '">' + esc(s.bot.name.charAt(0).toUpperCase()) + '</div>' +
        '<div class="sk-modal-title" data-testid="modal-title">' + R.textObject(top.title, opts) + '</div>' +
        '<button type="button" class="sk-modal-x" data-modal-close="all" data-testid="modal-close-x" title="Close">\u2715</button></div>' +
        '<div class="sk-modal-body" data-testid="modal-body">' + notices.map(noticeHtml).join('') + R.blocks(top.blocks, opts) + '</div>' +
        '<div class="sk-modal-footer"><button type="button" class="sk-btn" data-modal-close="back" data-testid="modal-close">' + esc(closeText) + '</button>' +
        (top.submit ? '<button type="button" class="sk-btn sk-btn-primary" data-modal-submit="1" data-testid="modal-submit">' + R.textObject(top.submit, opts) + '</button>' : '') +
        '</div></div></div>';
      restoreDrafts(top.id);
      var body = root.querySelector('.sk-modal-body');
      if (body && scroll) body.scrollTop = scroll;
      // After an error answer, bring the first input in error into view (Slack scrolls to it).
      var invalid = root.querySelector('.sk-input-invalid');
      if (invalid && Object.keys(top.errors || {}).length) invalid.scrollIntoView({ block: 'nearest' });
    });
  }

  // ------------------------------------------------------------------------------------------
  // Modal inputs: what the person enters stays theirs across re-renders (errors, views.update)
  // ------------------------------------------------------------------------------------------
  function inputValue(el) {
    var kind = el.getAttribute('data-kind');
    if (kind === 'radio_buttons') {
      var checked = el.querySelector('input:checked');
      return checked ? checked.value : null;
    }
    if (kind === 'checkboxes') {
      return Array.prototype.map.call(el.querySelectorAll('input:checked'), function (i) { return i.value; });
    }
    if (el.tagName === 'SELECT' && el.multiple) {
      return Array.prototype.filter.call(el.options, function (o) { return o.selected && o.value; }).map(function (o) { return o.value; });
    }
    if (el.tagName === 'SELECT') return el.value ? el.value : null;
    return el.value;
  }

  function setInputValue(el, value) {
    var kind = el.getAttribute('data-kind');
    if (kind === 'radio_buttons' || kind === 'checkboxes') {
      var wanted = Array.isArray(value) ? value : (value === null ? [] : [value]);
      el.querySelectorAll('input').forEach(function (i) { i.checked = wanted.indexOf(i.value) >= 0; });
      return;
    }
    if (el.tagName === 'SELECT') {
      var chosen = Array.isArray(value) ? value : [value === null ? '' : value];
      Array.prototype.forEach.call(el.options, function (o) { o.selected = chosen.indexOf(o.value) >= 0; });
      return;
    }
    el.value = value === null ? '' : value;
  }

  function modalInputs() {
    return Array.prototype.slice.call(document.querySelectorAll('#modal-root [data-input-block][data-action-id]'));
  }

  function rememberInput(el) {
    var modal = el.closest('[data-testid="modal"]');
    if (!modal) return;
    var viewId = modal.getAttribute('data-view-id');
    var block = el.getAttribute('data-input-block');
    var action = el.getAttribute('data-action-id');
    var drafts = ui.drafts[viewId] = ui.drafts[viewId] || {};
    drafts[block] = drafts[block] || {};
    drafts[block][action] = inputValue(el);
  }

  function restoreDrafts(viewId) {
    var drafts = ui.drafts[viewId];
    if (!drafts) return;
    modalInputs().forEach(function (el) {
      var block = drafts[el.getAttribute('data-input-block')];
      var action = el.getAttribute('data-action-id');
      if (block && Object.prototype.hasOwnProperty.call(block, action)) setInputValue(el, block[action]);
    });
  }

  /** block_id -> action_id -> value of every input in the open modal, as the person left them. */
  function modalValues() {
    var values = {};
    modalInputs().forEach(function (el) {
      var block = el.getAttribute('data-input-block');
      var action = el.getAttribute('data-action-id');
      values[block] = values[block] || {};
      values[block][action] = inputValue(el);
    });
    return values;
  }

  // ------------------------------------------------------------------------------------------
  // The composer's shortcuts menu (global shortcuts)
  // ------------------------------------------------------------------------------------------
  function renderShortcutMenu() {
    var s = ui.snap;
    if (!s) return;
    document.querySelectorAll('[data-shortcuts-button]').forEach(function (b) {
      b.setAttribute('aria-expanded', String(ui.shortcutMenu === b.getAttribute('data-shortcuts-button')));
    });
    document.querySelectorAll('[data-shortcut-menu]').forEach(function (menu) {
      var open = ui.shortcutMenu === menu.getAttribute('data-shortcut-menu');
      menu.hidden = !open;
      if (!open) return;
      var bot = s.users[s.bot.userId];
      var items = (s.shortcuts || []).map(function (sc) {
        return '<button type="button" class="sk-shortcut-item" role="menuitem" data-testid="shortcut-item" data-shortcut="' + esc(sc.callbackId) + '">' +
          '<span class="sk-shortcut-icon" style="background:' + esc(bot.color) + '">' + esc(s.bot.name.charAt(0).toUpperCase()) + '</span>' +
          '<span class="sk-shortcut-text"><span class="sk-shortcut-name">' + esc(sc.name) + '</span><span class="sk-shortcut-desc">' + esc(sc.description) + '</span></span>' +
          '<span class="sk-shortcut-app">' + esc(s.bot.name) + '</span></button>';
      }).join('');
      menu.innerHTML = '<div class="sk-shortcut-head">Shortcuts</div>' +
        (items || '<div class="sk-shortcut-empty">' + esc(s.bot.name) + ' has no global shortcuts.</div>') +
        '<div class="sk-shortcut-foot">Global shortcuts start something from anywhere in Slack, not from one message.</div>';
    });
  }

  // ------------------------------------------------------------------------------------------
  // Links: shown as links, never followed (the sandbox stays on this machine)
  // ------------------------------------------------------------------------------------------
  var linkTimer = null;
  function isExternal(href) {
    try {
      return new URL(href, window.location.href).origin !== window.location.origin;
    } catch (e) {
      return true;
    }
  }

  function showLinkNotice(url) {
    var el = $('link-notice');
    el.setAttribute('data-href', url);
    el.innerHTML = '<span class="sk-toast-text">Slack would open <a class="sk-link" data-testid="link-notice-url" href="' + esc(url) + '">' + esc(url) + '</a> in your browser. ' +
      'The sandbox stays on this machine: the link was not followed.</span><button type="button" class="sk-toast-x" data-close-toast="1" title="Dismiss">\u2715</button>';
    el.hidden = false;
    if (linkTimer) clearTimeout(linkTimer);
    linkTimer = setTimeout(function () { el.hidden = true; }, 12000);
  }

  function renderActivity() {
    var s = ui.snap;
    var pane = $('activity');
    pane.hidden = !ui.activity;
    if (!ui.activity) return;
    memo('activity', [s.deliveries, s.apiCalls, s.responseUses], function () {
      var html = '<div class="sk-activity-head"><b>Activity</b><span class="sk-activity-url">' + esc(s.botEventsUrl) + '</span><button type="button" class="sk-btn sk-btn-small" data-testid="reset" data-reset="1">Clear history</button></div>';
      html += '<div class="sk-activity-title">Requests to the app</div>';
      html += s.deliveries.slice().reverse().map(function (d) {
        return '<div class="sk-activity-row ' + (d.ok ? 'sk-ok' : 'sk-bad') + '" data-testid="delivery"><span class="sk-code-pill">' + esc(d.status === null ? '\u2014' : String(d.status)) + '</span> <b>' + esc(d.kind) + '</b> ' + esc(d.label) +
          ' <span class="sk-muted">' + d.durationMs + ' ms</span>' + (d.error ? '<div class="sk-activity-err">' + esc(d.error) + '</div>' : '') + '</div>';
      }).join('') || '<div class="sk-muted">Nothing yet.</div>';
      html += '<div class="sk-activity-title">response_url posts from the app</div>';
      html += s.responseUses.slice().reverse().map(function (u) {
        return '<div class="sk-activity-row ' + (u.status === 200 ? 'sk-ok' : 'sk-bad') + '" data-testid="response-url-use"><span class="sk-code-pill">' + u.status + '</span> <b>' + esc(u.effect) + '</b> <span class="sk-muted">' + esc(u.kind) + ' URL · use ' + u.uses + '/5</span></div>';
      }).join('') || '<div class="sk-muted">Nothing yet.</div>';
      html += '<div class="sk-activity-title">Web API calls from the app</div>';
      html += s.apiCalls.slice().reverse().map(function (c) {
        return '<div class="sk-activity-row ' + (c.ok ? 'sk-ok' : 'sk-bad') + '" data-testid="api-call" data-method="' + esc(c.method) + '"><b>' + esc(c.method) + '</b> ' + (c.ok ? 'ok' : esc(c.error || 'error')) +
          (c.note ? ' <span class="sk-muted">· ' + esc(c.note) + '</span>' : '') + '</div>';
      }).join('') || '<div class="sk-muted">Nothing yet.</div>';
      pane.innerHTML = html;
    });
  }

  // ------------------------------------------------------------------------------------------
  // Actions
  // ------------------------------------------------------------------------------------------
  function setStatus(text, bad) {
    var el = $('composer-status');
    el.textContent = text || '';
    el.className = 'sk-composer-status' + (bad ? ' sk-status-bad' : '');
  }

  function describe(result) {
    if (!result) return '';
    if (!result.ok) return result.error || 'failed';
    var d = result.delivery;
    if (!d) return '';
    return d.ok ? 'Delivered: ' + d.status + ' in ' + d.durationMs + ' ms' : d.error;
  }

  function compose(text, threadTs) {
    var trimmed = text.trim();
    if (!trimmed) return;
    setStatus(trimmed.charAt(0) === '/' ? 'Sending ' + trimmed + ' \u2026' : '');
    post({ type: 'compose', channel: currentChannel(), threadTs: threadTs || undefined, text: trimmed }).then(function (result) {
      setStatus(describe(result), !result.ok || (result.delivery && !result.delivery.ok));
    });
  }

  function wireComposer(formId, inputId, threadOnly) {
    var form = $(formId);
    var input = $(inputId);
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var text = input.value;
      input.value = '';
      compose(text, threadOnly ? ui.threadTs : null);
    });
    input.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
  }

  function surfaceOf(el) {
    var host = el.closest('[data-surface]');
    if (!host) return null;
    var kind = host.getAttribute('data-surface');
    if (kind === 'message') return { kind: 'message', channel: host.getAttribute('data-channel'), ts: host.getAttribute('data-ts') };
    if (kind === 'home') return { kind: 'home' };
    if (kind === 'modal') return { kind: 'modal', viewId: host.getAttribute('data-view-id') };
    return null;
  }

  function confirmThen(el, go) {
    var raw = el.getAttribute('data-confirm');
    if (!raw) return go();
    var c;
    try { c = JSON.parse(raw); } catch (e) { return go(); }
    var opts = renderOptions();
    var root = $('confirm-root');
    root.innerHTML = '<div class="sk-overlay"><div class="sk-modal sk-confirm" role="dialog" data-testid="confirm-dialog">' +
      '<div class="sk-modal-header"><div class="sk-modal-title">' + R.textObject(c.title, opts) + '</div></div>' +
      '<div class="sk-modal-body">' + R.textObject(c.text, opts) + '</div>' +
      '<div class="sk-modal-footer"><button type="button" class="sk-btn" data-testid="confirm-cancel" data-confirm-no="1">' + (c.deny ? R.textObject(c.deny, opts) : 'Cancel') + '</button>' +
      '<button type="button" class="sk-btn ' + (c.style === 'danger' ? 'sk-btn-danger' : 'sk-btn-primary') + '" data-testid="confirm-ok" data-confirm-yes="1">' + (c.confirm ? R.textObject(c.confirm, opts) : 'Yes') + '</button></div></div></div>';
    root.querySelector('[data-confirm-no]').addEventListener('click', function () { root.innerHTML = ''; });
    root.querySelector('[data-confirm-yes]').addEventListener('click', function () { root.innerHTML = ''; go(); });
  }

  function interact(el, value) {
    var surface = surfaceOf(el);
    if (!surface) return;
    var body = { type: 'click', surface: surface, actionId: el.getAttribute('data-action-id'), blockId: el.getAttribute('data-block-id'), value: value };
    // A click in a modal carries what has been entered so far (view.state), as in Slack.
    if (surface.kind === 'modal') body.values = modalValues();
    el.setAttribute('data-busy', '1');
    post(body).then(function (result) {
      el.removeAttribute('data-busy');
      if (!result.ok) setStatus(result.error, true);
    });
  }

  // Capture: no link may navigate away, whatever else handles the click.
  function guardLink(e) {
    var a = e.target.closest && e.target.closest('a[href]');
    if (!a || !isExternal(a.getAttribute('href'))) return;
    e.preventDefault();
    if (e.type === 'click' || e.button === 1) showLinkNotice(a.href);
  }
  document.addEventListener('click', guardLink, true);
  document.addEventListener('auxclick', guardLink, true);

  document.addEventListener('click', function (e) {
    var t = e.target.closest('button, a');
    if (!t) {
      if (ui.shortcutMenu && !e.target.closest('[data-shortcut-menu]')) {
        ui.shortcutMenu = null;
        renderShortcutMenu();
      }
      return;
    }
    if (t.hasAttribute('data-shortcuts-button')) {
      var which = t.getAttribute('data-shortcuts-button');
      ui.shortcutMenu = ui.shortcutMenu === which ? null : which;
      renderShortcutMenu();
      return;
    }
    if (t.hasAttribute('data-shortcut')) {
      ui.shortcutMenu = null;
      renderShortcutMenu();
      setStatus('');
      // The shortcut is global: Slack sends no channel, but the one open here is the modal's "current conversation".
      post({ type: 'shortcut', callbackId: t.getAttribute('data-shortcut'), channel: currentChannel() }).then(function (result) {
        if (!result.ok) setStatus(result.error, true);
        else if (result.delivery && !result.delivery.ok) setStatus(result.delivery.error, true);
      });
      return;
    }
    if (ui.shortcutMenu) {
      ui.shortcutMenu = null;
      renderShortcutMenu();
    }
    if (t.hasAttribute('data-close-toast')) {
      $('link-notice').hidden = true;
      return;
    }
    if (t.hasAttribute('data-channel') && t.classList.contains('sk-side-item')) {
      ui.mode = 'channel';
      ui.channel = t.getAttribute('data-channel');
      ui.threadTs = null;
      ui.highlight = null;
      ui.memo = {};
      render();
      $('composer-input').focus();
      return;
    }
    if (t.hasAttribute('data-open-app')) {
      ui.mode = 'app';
      ui.appTab = 'home';
      ui.threadTs = null;
      ui.memo = {};
      render();
      post({ type: 'open_home' });
      return;
    }
    if (t.hasAttribute('data-tab')) {
      ui.appTab = t.getAttribute('data-tab');
      ui.threadTs = null;
      ui.memo = {};
      render();
      if (ui.appTab === 'home') post({ type: 'open_home' });
      return;
    }
    if (t.hasAttribute('data-open-thread')) {
      ui.threadTs = t.getAttribute('data-open-thread');
      render();
      $('thread-composer-input').focus();
      return;
    }
    if (t.id === 'thread-close') {
      ui.threadTs = null;
      render();
      return;
    }
    if (t.hasAttribute('data-modal-close')) {
      post({ type: 'modal_close', all: t.getAttribute('data-modal-close') === 'all' });
      return;
    }
    if (t.hasAttribute('data-modal-submit')) {
      if (t.hasAttribute('data-busy')) return;
      t.setAttribute('data-busy', '1');
      post({ type: 'modal_submit', values: modalValues() }).then(function (result) {
        t.removeAttribute('data-busy');
        if (!result.ok) setStatus(result.error, true);
      });
      return;
    }
    if (t.hasAttribute('data-reset')) {
      post({ type: 'reset' });
      return;
    }
    if (t.id === 'activity-toggle') {
      ui.activity = !ui.activity;
      ui.memo.activity = null;
      render();
      return;
    }
    if (t.tagName === 'BUTTON' && t.getAttribute('data-kind') === 'button' && t.hasAttribute('data-action-id')) {
      var url = t.getAttribute('data-url');
      confirmThen(t, function () {
        // A link button: Slack opens the URL and still sends block_actions (the app must ack it).
        if (url) showLinkNotice(url);
        interact(t, t.getAttribute('data-value') || undefined);
      });
    }
  });

  document.addEventListener('change', function (e) {
    var t = e.target;
    if (t.id === 'user-switcher') {
      ui.user = t.value;
      try { window.localStorage.setItem('sandbox.user', ui.user); } catch (err) { /* ignore */ }
      ui.memo = {};
      ui.threadTs = null;
      connect();
      return;
    }
    var input = t.closest('[data-input-block][data-action-id]');
    if (input && input.closest('#modal-root')) {
      rememberInput(input);
      // Inside an input block an element only reports a change when the block asks for it (dispatch_action).
      if (input.hasAttribute('data-dispatch') && input.tagName === 'SELECT') interact(input, input.value);
      else if (input.hasAttribute('data-dispatch') && (t.type === 'radio' || t.type === 'checkbox')) interact(input, t.value);
      return;
    }
    if (t.tagName === 'SELECT' && t.hasAttribute('data-action-id') && !t.hasAttribute('data-input-block')) {
      var value = t.value;
      confirmThen(t, function () { interact(t, value); });
      return;
    }
    // radio_buttons / checkboxes outside input blocks (sections, actions) report every change.
    var group = (t.type === 'radio' || t.type === 'checkbox') ? t.closest('[data-kind][data-action-id]') : null;
    if (group && !group.hasAttribute('data-input-block')) interact(group, t.value);
  });

  document.addEventListener('input', function (e) {
    var input = e.target.closest && e.target.closest('#modal-root [data-input-block][data-action-id]');
    if (input) rememberInput(input);
  });

  document.addEventListener('keydown', function (e) {
    if (e.key !== 'Escape') return;
    if (ui.shortcutMenu) {
      ui.shortcutMenu = null;
      renderShortcutMenu();
      return;
    }
    if (ui.snap && ui.snap.modals.length) post({ type: 'modal_close', all: true });
  });

  wireComposer('composer', 'composer-input', false);
  wireComposer('thread-composer', 'thread-composer-input', true);
  connect();
})();
`;
