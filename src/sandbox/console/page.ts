/**
 * The console page and its stylesheet: a Slack-like workspace window (sidebar, channel, thread pane, App Home,
 * modals). Static: everything dynamic comes from /console/app.js over /console/events.
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mirrors · Slack sandbox</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/app.css">
</head>
<body>
<div class="sk-app" id="app">
  <header class="sk-topbar">
    <div class="sk-top-left"></div>
    <div class="sk-search" aria-hidden="true">Search Sandbox</div>
    <div class="sk-top-right">
      <span class="sk-sandbox-badge" title="A local stand-in for Slack: nothing leaves this machine">SANDBOX</span>
      <span id="connection" class="sk-conn" data-testid="connection" data-state="connecting" title="Connecting…"></span>
      <button type="button" id="activity-toggle" class="sk-top-btn" data-testid="activity-toggle">Activity</button>
    </div>
  </header>
  <div class="sk-body">
    <nav class="sk-sidebar" aria-label="Workspace">
      <div class="sk-workspace"><span>Sandbox</span><span class="sk-caret">▾</span></div>
      <div id="sidebar-sections"></div>
      <div class="sk-sidebar-footer">
        <label class="sk-switch-label">Viewing as
          <select id="user-switcher" data-testid="user-switcher"></select>
        </label>
      </div>
    </nav>
    <main class="sk-main">
      <div class="sk-main-header" id="main-header"></div>
      <section id="messages-area" class="sk-messages-area">
        <div class="sk-messages" id="messages" data-testid="channel-messages"></div>
        <div class="sk-composer-wrap">
          <div class="sk-shortcut-menu" role="menu" data-shortcut-menu="composer" data-testid="shortcut-menu" hidden></div>
          <form id="composer" class="sk-composer" autocomplete="off">
            <textarea id="composer-input" data-testid="composer-input" rows="1" placeholder="Message #incidents" aria-label="Message"></textarea>
            <div class="sk-composer-bar">
              <span class="sk-composer-left"><button type="button" class="sk-composer-tool" data-shortcuts-button="composer" data-testid="composer-shortcuts" title="Shortcuts" aria-haspopup="menu"><svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true"><path d="M11.6 1.5 L4 11.2 H9.2 L8 18.5 L16 8.4 H10.6 Z" fill="currentColor"/></svg></button>
              <span class="sk-composer-hint">/mirrors … runs the command · @mirrors … mentions the bot · Enter to send</span></span>
              <button type="submit" class="sk-send" data-testid="composer-send" title="Send">Send ➤</button>
            </div>
          </form>
          <div id="composer-status" class="sk-composer-status" data-testid="composer-status" aria-live="polite"></div>
        </div>
      </section>
      <section id="home-area" class="sk-home-area" hidden>
        <div id="home" class="sk-home" data-testid="home-view" data-surface="home"></div>
      </section>
      <section id="about-area" class="sk-home-area" hidden></section>
    </main>
    <aside id="thread-pane" class="sk-thread" data-testid="thread-pane" hidden>
      <div class="sk-thread-header"><div id="thread-title"></div><button type="button" id="thread-close" class="sk-icon-btn" data-testid="thread-close" title="Close">✕</button></div>
      <div class="sk-thread-messages" id="thread-messages" data-testid="thread-messages"></div>
      <div class="sk-composer-wrap">
        <div class="sk-shortcut-menu" role="menu" data-shortcut-menu="thread-composer" data-testid="thread-shortcut-menu" hidden></div>
        <form id="thread-composer" class="sk-composer" autocomplete="off">
          <textarea id="thread-composer-input" data-testid="thread-composer-input" rows="1" placeholder="Reply…" aria-label="Reply"></textarea>
          <div class="sk-composer-bar"><span class="sk-composer-left"><button type="button" class="sk-composer-tool" data-shortcuts-button="thread-composer" data-testid="thread-composer-shortcuts" title="Shortcuts" aria-haspopup="menu"><svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true"><path d="M11.6 1.5 L4 11.2 H9.2 L8 18.5 L16 8.4 H10.6 Z" fill="currentColor"/></svg></button><span class="sk-composer-hint">@mirrors … asks the bot in this thread</span></span><button type="submit" class="sk-send" data-testid="thread-composer-send">Send ➤</button></div>
        </form>
      </div>
    </aside>
    <aside id="activity" class="sk-activity" data-testid="activity" hidden></aside>
  </div>
</div>
<div id="modal-root"></div>
<div id="confirm-root"></div>
<div id="link-notice" class="sk-toast" data-testid="link-notice" role="status" hidden></div>
<script src="/console/render.js"></script>
<script src="/console/app.js"></script>
</body>
</html>
`;

export const CONSOLE_CSS = `
:root {
  --sk-aubergine: #3f0e40;
  --sk-aubergine-dark: #350d36;
  --sk-active: #1164a3;
  --sk-text: #1d1c1d;
  --sk-muted: #616061;
  --sk-border: rgba(29, 28, 29, 0.13);
  --sk-link: #1264a3;
  --sk-green: #007a5a;
  --sk-red: #e01e5a;
  --sk-font: "Slack-Lato", "Lato", "Helvetica Neue", "Liberation Sans", Helvetica, "Segoe UI", Arial, sans-serif;
  --sk-mono: Monaco, Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", "Courier New", monospace;
}
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font-family: var(--sk-font); font-size: 15px; line-height: 1.46668; color: var(--sk-text); background: #fff; -webkit-font-smoothing: antialiased; }
button { font-family: inherit; }
[hidden] { display: none !important; }
.sk-app { display: flex; flex-direction: column; height: 100vh; }
.sk-topbar { height: 40px; background: var(--sk-aubergine-dark); display: flex; align-items: center; justify-content: space-between; padding: 0 12px; flex: none; box-shadow: 0 1px 0 rgba(255,255,255,.1); }
.sk-top-left { width: 240px; }
.sk-search { flex: 0 1 720px; height: 26px; border-radius: 6px; background: rgba(255,255,255,.2); color: rgba(255,255,255,.8); font-size: 13px; display: flex; align-items: center; justify-content: center; }
.sk-top-right { width: 240px; display: flex; gap: 10px; align-items: center; justify-content: flex-end; }
.sk-sandbox-badge { font-size: 10px; font-weight: 900; letter-spacing: .08em; color: #ecb22e; border: 1px solid #ecb22e; border-radius: 3px; padding: 0 4px; }
.sk-conn { width: 9px; height: 9px; border-radius: 50%; background: #888; display: inline-block; }
.sk-conn-ok { background: #2bac76; }
.sk-conn-bad { background: #e01e5a; }
.sk-top-btn { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.35); border-radius: 4px; font-size: 12px; padding: 2px 8px; cursor: pointer; }
.sk-body { flex: 1; display: flex; min-height: 0; }

/* Sidebar */
.sk-sidebar { width: 260px; flex: none; background: var(--sk-aubergine); color: rgba(255,255,255,.7); display: flex; flex-direction: column; }
.sk-workspace { height: 50px; display: flex; align-items: center; gap: 6px; padding: 0 16px; color: #fff; font-weight: 900; font-size: 18px; border-bottom: 1px solid rgba(255,255,255,.1); }
.sk-caret { font-size: 12px; opacity: .8; }
#sidebar-sections { flex: 1; overflow-y: auto; padding: 10px 0; }
.sk-side-section { margin-bottom: 14px; }
.sk-side-title { padding: 0 16px; height: 28px; line-height: 28px; font-size: 15px; }
.sk-side-item { width: 100%; display: flex; align-items: center; gap: 8px; height: 28px; padding: 0 16px 0 26px; border: 0; background: transparent; color: rgba(255,255,255,.7); font-size: 15px; cursor: pointer; text-align: left; }
.sk-side-item:hover { background: var(--sk-aubergine-dark); }
.sk-side-item.sk-active { background: var(--sk-active); color: #fff; }
.sk-hash { width: 14px; text-align: center; opacity: .8; }
.sk-side-name { flex: 1; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sk-side-note { font-size: 10px; opacity: .6; border: 1px solid rgba(255,255,255,.3); border-radius: 3px; padding: 0 3px; }
.sk-side-avatar { width: 18px; height: 18px; border-radius: 4px; color: #fff; font-size: 11px; font-weight: 700; display: inline-flex; align-items: center; justify-content: center; }
.sk-sidebar-footer { padding: 10px 16px; border-top: 1px solid rgba(255,255,255,.1); font-size: 12px; }
.sk-switch-label { display: flex; flex-direction: column; gap: 4px; }
.sk-switch-label select { font-size: 12px; }

/* Main */
.sk-main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
.sk-main-header { min-height: 49px; border-bottom: 1px solid var(--sk-border); padding: 8px 20px; display: flex; flex-direction: column; justify-content: center; flex: none; }
.sk-channel-title { font-weight: 900; font-size: 18px; }
.sk-channel-topic { font-size: 13px; color: var(--sk-muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.sk-app-header { display: flex; flex-direction: column; gap: 6px; }
.sk-app-title { display: flex; align-items: center; gap: 8px; font-size: 18px; }
.sk-tabs { display: flex; gap: 18px; }
.sk-tab { border: 0; background: none; padding: 4px 0; font-size: 14px; color: var(--sk-muted); cursor: pointer; border-bottom: 2px solid transparent; }
.sk-tab-active { color: var(--sk-text); font-weight: 700; border-bottom-color: var(--sk-green); }
.sk-messages-area { flex: 1; display: flex; flex-direction: column; min-height: 0; }
.sk-messages { flex: 1; overflow-y: auto; padding: 12px 0 8px; }
.sk-channel-intro { color: var(--sk-muted); font-size: 14px; padding: 8px 20px 16px; }

/* Messages */
.sk-msg { position: relative; padding: 8px 20px; }
.sk-msg:hover { background: #f8f8f8; }
.sk-msg-highlight { background: #fff8e1; }
.sk-msg-ephemeral { background: #f4f8fb; box-shadow: inset 3px 0 0 #1d9bd1; }
.sk-msg-ephemeral:hover { background: #edf4f9; }
.sk-ephemeral-note { display: flex; align-items: center; gap: 4px; font-size: 12px; color: var(--sk-muted); margin: 0 0 4px 48px; }
.sk-msg-row { display: flex; gap: 8px; }
.sk-avatar { width: 36px; height: 36px; border-radius: 4px; flex: none; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; font-size: 16px; background: #888; }
.sk-avatar-sm { width: 24px; height: 24px; font-size: 12px; }
.sk-msg-content { flex: 1; min-width: 0; }
.sk-msg-header { display: flex; align-items: baseline; gap: 6px; }
.sk-author { font-weight: 900; font-size: 15px; }
.sk-app-badge { font-size: 10px; font-weight: 700; background: rgba(29,28,29,.13); color: rgba(29,28,29,.7); border-radius: 2px; padding: 0 3px; line-height: 14px; }
.sk-time { font-size: 12px; color: var(--sk-muted); }
.sk-via { font-size: 12px; color: var(--sk-muted); }
.sk-msg-body { word-wrap: break-word; overflow-wrap: anywhere; }
.sk-msg-tools { position: absolute; top: -12px; right: 20px; display: none; background: #fff; border: 1px solid var(--sk-border); border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.sk-msg:hover .sk-msg-tools { display: flex; }
.sk-tool { border: 0; background: none; padding: 4px 8px; font-size: 12px; cursor: pointer; color: var(--sk-muted); }
.sk-thread-summary { margin-top: 4px; border: 1px solid transparent; background: none; color: var(--sk-link); font-weight: 700; font-size: 13px; padding: 2px 6px 2px 0; cursor: pointer; border-radius: 6px; }
.sk-thread-summary:hover { border-color: var(--sk-border); background: #fff; padding-left: 6px; }
.sk-broadcast-note { font-size: 12px; color: var(--sk-muted); }
.sk-notice .sk-notice-text { color: #8f1d3c; }
.sk-warn-icon { display: inline-block; vertical-align: -2px; }

/* Composer */
.sk-composer-wrap { padding: 0 20px 14px; flex: none; position: relative; }
.sk-composer-left { display: flex; align-items: center; gap: 8px; min-width: 0; }
.sk-composer-tool { width: 28px; height: 28px; flex: none; border: 0; border-radius: 4px; background: none; color: var(--sk-muted); cursor: pointer; display: inline-flex; align-items: center; justify-content: center; }
.sk-composer-tool:hover, .sk-composer-tool[aria-expanded="true"] { background: #f2f2f2; color: var(--sk-text); }
.sk-shortcut-menu { position: absolute; left: 20px; bottom: calc(100% - 6px); width: 420px; max-width: calc(100% - 40px); background: #fff; border: 1px solid var(--sk-border); border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.16); padding: 8px 0; z-index: 5; }
.sk-shortcut-head { font-weight: 700; font-size: 13px; color: var(--sk-muted); padding: 4px 16px 6px; }
.sk-shortcut-item { width: 100%; display: flex; align-items: center; gap: 10px; border: 0; background: none; text-align: left; padding: 6px 16px; cursor: pointer; font-size: 15px; color: var(--sk-text); }
.sk-shortcut-item:hover, .sk-shortcut-item:focus { background: var(--sk-active); color: #fff; outline: none; }
.sk-shortcut-item:hover .sk-shortcut-desc, .sk-shortcut-item:hover .sk-shortcut-app { color: rgba(255,255,255,.85); }
.sk-shortcut-icon { width: 24px; height: 24px; flex: none; border-radius: 4px; color: #fff; font-weight: 700; font-size: 12px; display: inline-flex; align-items: center; justify-content: center; }
.sk-shortcut-text { flex: 1; min-width: 0; display: flex; flex-direction: column; }
.sk-shortcut-name { font-weight: 700; }
.sk-shortcut-desc { font-size: 12px; color: var(--sk-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sk-shortcut-app { font-size: 12px; color: var(--sk-muted); flex: none; }
.sk-shortcut-empty, .sk-shortcut-foot { font-size: 12px; color: var(--sk-muted); padding: 6px 16px 2px; }
.sk-shortcut-foot { border-top: 1px solid var(--sk-border); margin-top: 6px; padding-top: 8px; }
.sk-composer { border: 1px solid rgba(29,28,29,.3); border-radius: 8px; background: #fff; }
.sk-composer:focus-within { border-color: rgba(29,28,29,.5); box-shadow: 0 0 0 1px rgba(29,28,29,.2); }
.sk-composer textarea { width: 100%; border: 0; resize: none; padding: 10px 12px 4px; font: inherit; outline: none; min-height: 40px; }
.sk-composer-bar { display: flex; justify-content: space-between; align-items: center; gap: 8px; padding: 4px 6px 6px 6px; }
.sk-composer-hint { font-size: 12px; color: var(--sk-muted); }
.sk-send { background: var(--sk-green); color: #fff; border: 0; border-radius: 4px; font-weight: 700; font-size: 13px; height: 28px; padding: 0 10px; cursor: pointer; }
.sk-composer-status { font-size: 12px; color: var(--sk-muted); min-height: 18px; padding: 2px 2px 0; }
.sk-status-bad { color: var(--sk-red); }

/* Thread pane */
.sk-thread { width: 420px; flex: none; border-left: 1px solid var(--sk-border); display: flex; flex-direction: column; }
.sk-thread-header { height: 49px; border-bottom: 1px solid var(--sk-border); display: flex; align-items: center; justify-content: space-between; padding: 0 16px 0 20px; font-size: 18px; }
.sk-thread-channel { font-size: 13px; color: var(--sk-muted); margin-left: 6px; }
.sk-thread-messages { flex: 1; overflow-y: auto; padding: 8px 0; }
.sk-thread-divider { display: flex; align-items: center; gap: 8px; padding: 4px 20px; font-size: 13px; color: var(--sk-muted); }
.sk-thread-divider::after { content: ""; flex: 1; border-top: 1px solid var(--sk-border); }
.sk-icon-btn { border: 0; background: none; font-size: 16px; cursor: pointer; color: var(--sk-muted); border-radius: 4px; width: 28px; height: 28px; }
.sk-icon-btn:hover { background: #f2f2f2; }

/* App Home */
.sk-home-area { flex: 1; overflow-y: auto; }
.sk-home { max-width: 860px; padding: 20px 28px 40px; }
.sk-empty { color: var(--sk-muted); padding: 40px 0; text-align: center; }
.sk-about { padding: 20px 28px; }
.sk-about dt { font-weight: 700; margin-top: 8px; }

/* Activity */
.sk-activity { width: 360px; flex: none; border-left: 1px solid var(--sk-border); overflow-y: auto; font-size: 12px; background: #fbfbfb; }
.sk-activity-head { display: flex; align-items: center; gap: 8px; padding: 10px 12px; border-bottom: 1px solid var(--sk-border); position: sticky; top: 0; background: #fbfbfb; }
.sk-activity-url { flex: 1; color: var(--sk-muted); font-family: var(--sk-mono); font-size: 11px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.sk-activity-title { font-weight: 700; padding: 10px 12px 4px; color: var(--sk-muted); text-transform: uppercase; font-size: 11px; letter-spacing: .04em; }
.sk-activity-row { padding: 4px 12px; border-bottom: 1px solid rgba(29,28,29,.06); }
.sk-activity-row.sk-bad { background: #fdf0f4; }
.sk-activity-err { color: var(--sk-red); }
.sk-code-pill { font-family: var(--sk-mono); font-size: 11px; border-radius: 3px; padding: 0 4px; background: #e8f5ee; color: var(--sk-green); }
.sk-bad .sk-code-pill { background: #fce4ec; color: var(--sk-red); }
.sk-muted { color: var(--sk-muted); }

/* Block Kit */
.sk-block { margin: 4px 0; }
.sk-block:first-child { margin-top: 0; }
.sk-header { font-size: 18px; font-weight: 900; line-height: 1.33; margin: 6px 0 2px; }
.sk-section { display: flex; gap: 12px; align-items: flex-start; }
.sk-section-main { flex: 1; min-width: 0; }
.sk-fields { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px 16px; margin-top: 4px; max-width: 600px; }
.sk-section-text + .sk-fields { margin-top: 8px; }
.sk-accessory { flex: none; }
.sk-accessory-img { width: 88px; height: 88px; border-radius: 4px; object-fit: cover; display: inline-flex; }
.sk-context { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; font-size: 12px; color: var(--sk-muted); line-height: 1.5; }
.sk-context-text { display: inline; }
.sk-context-img { width: 16px; height: 16px; border-radius: 3px; object-fit: cover; display: inline-flex; }
.sk-divider { border: 0; border-top: 1px solid var(--sk-border); margin: 10px 0; }
.sk-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0 4px; }
.sk-btn { height: 28px; padding: 0 12px; border: 1px solid rgba(29,28,29,.3); border-radius: 4px; background: #fff; color: var(--sk-text); font-size: 13px; font-weight: 700; cursor: pointer; white-space: nowrap; max-width: 300px; overflow: hidden; text-overflow: ellipsis; display: inline-flex; align-items: center; gap: 4px; }
.sk-btn:hover { background: #f8f8f8; box-shadow: 0 1px 3px rgba(0,0,0,.08); }
.sk-btn[data-busy] { opacity: .6; }
.sk-btn-primary { background: var(--sk-green); border-color: var(--sk-green); color: #fff; }
.sk-btn-primary:hover { background: #148567; }
.sk-btn-danger { background: var(--sk-red); border-color: var(--sk-red); color: #fff; }
.sk-btn-danger:hover { background: #e23067; }
.sk-btn-small { height: 22px; font-size: 11px; padding: 0 8px; }
.sk-ext { font-size: 11px; opacity: .7; }
.sk-select, .sk-overflow { height: 28px; border: 1px solid rgba(29,28,29,.3); border-radius: 4px; background: #fff; font: inherit; font-size: 13px; padding: 0 6px; }
.sk-overflow { width: 36px; font-weight: 900; }
.sk-image-title { font-size: 13px; color: var(--sk-muted); margin-bottom: 4px; }
.sk-image { max-width: 360px; max-height: 360px; border-radius: 8px; display: inline-flex; }
.sk-img-placeholder { background: repeating-linear-gradient(45deg, #e8e8e8, #e8e8e8 4px, #f2f2f2 4px, #f2f2f2 8px); color: #888; align-items: center; justify-content: center; font-size: 9px; font-weight: 700; vertical-align: middle; }
.sk-image.sk-img-placeholder { width: 360px; height: 180px; font-size: 24px; }
.sk-unsupported { display: inline-block; border: 1px dashed #c7c7c7; border-radius: 4px; padding: 2px 8px; color: var(--sk-muted); font-size: 12px; }
.sk-rt-section { white-space: pre-wrap; }
.sk-rt-list { margin: 0; padding-left: 22px; }
.sk-input-block { margin: 0 0 4px; }
.sk-input-label { display: block; font-weight: 700; margin: 8px 0 4px; }
.sk-optional { font-weight: 400; color: var(--sk-muted); }
.sk-input { width: 100%; border: 1px solid rgba(29,28,29,.3); border-radius: 4px; font: inherit; padding: 8px; background: #fff; }
.sk-input:focus, .sk-block-input .sk-select:focus { outline: none; border-color: #1264a3; box-shadow: 0 0 0 1px #1264a3; }
.sk-input-narrow { width: auto; }
.sk-block-input .sk-select { width: 100%; height: 36px; padding: 0 8px; font-size: 15px; }
.sk-block-input .sk-select[multiple] { height: auto; padding: 4px; }
.sk-input-invalid .sk-input, .sk-input-invalid .sk-select { border-color: var(--sk-red); box-shadow: 0 0 0 1px var(--sk-red); }
.sk-hint-text { font-size: 13px; color: var(--sk-muted); margin-top: 4px; }
.sk-input-error { font-size: 13px; color: var(--sk-red); margin-top: 4px; }
.sk-choices { display: flex; flex-direction: column; gap: 6px; padding: 2px 0; }
.sk-choice { display: flex; align-items: flex-start; gap: 8px; cursor: pointer; }
.sk-choice input { margin: 4px 0 0; width: 16px; height: 16px; accent-color: #1264a3; flex: none; }
.sk-choice-text { display: flex; flex-direction: column; }
.sk-choice-desc { font-size: 13px; color: var(--sk-muted); }
.sk-actions .sk-choices, .sk-accessory .sk-choices { gap: 4px; }

/* mrkdwn */
.sk-link { color: var(--sk-link); text-decoration: none; }
.sk-link:hover { text-decoration: underline; }
.sk-code { font-family: var(--sk-mono); font-size: 12px; color: #c01343; background: rgba(29,28,29,.04); border: 1px solid var(--sk-border); border-radius: 3px; padding: 1px 3px; }
.sk-pre { font-family: var(--sk-mono); font-size: 12px; line-height: 1.5; background: rgba(29,28,29,.04); border: 1px solid var(--sk-border); border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; word-break: break-word; }
.sk-quote { border-left: 4px solid #ddd; padding-left: 12px; margin: 2px 0; }
.sk-mention { color: var(--sk-link); background: rgba(29,155,209,.1); border-radius: 3px; padding: 0 2px; font-weight: 500; }
.sk-broadcast { color: #8f5b00; background: rgba(236,178,46,.2); }
.sk-date { border-bottom: 1px dotted rgba(29,28,29,.4); }
.sk-emoji { display: inline-flex; width: 1.15em; height: 1.15em; align-items: center; justify-content: center; vertical-align: -0.2em; line-height: 1; }
.sk-emoji svg { width: 1.1em; height: 1.1em; }

/* Modals */
.sk-overlay { position: fixed; inset: 0; background: rgba(0,0,0,.6); display: flex; align-items: center; justify-content: center; z-index: 10; }
.sk-modal { width: 520px; max-height: 85vh; background: #fff; border-radius: 8px; box-shadow: 0 18px 48px rgba(0,0,0,.35); display: flex; flex-direction: column; }
.sk-confirm { width: 440px; }
.sk-modal-header { display: flex; align-items: center; gap: 8px; padding: 18px 24px; border-bottom: 1px solid var(--sk-border); }
.sk-modal-title { flex: 1; font-size: 22px; font-weight: 900; }
.sk-modal-x, .sk-modal-back { border: 0; background: none; font-size: 18px; cursor: pointer; color: var(--sk-muted); width: 32px; height: 32px; border-radius: 4px; }
.sk-modal-x:hover, .sk-modal-back:hover { background: #f2f2f2; }
.sk-modal-app { width: 24px; height: 24px; flex: none; border-radius: 4px; color: #fff; font-weight: 700; font-size: 12px; display: inline-flex; align-items: center; justify-content: center; }
.sk-modal-body .sk-block-input:first-child .sk-input-label { margin-top: 0; }
.sk-modal-body .sk-notice { margin: 0 -24px 8px; }
.sk-btn[data-busy] { cursor: progress; }

/* The link notice: links are shown, never followed */
.sk-toast { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); max-width: 720px; background: #1d1c1d; color: #fff; border-radius: 8px; box-shadow: 0 4px 16px rgba(0,0,0,.3); padding: 10px 12px 10px 16px; display: flex; gap: 12px; align-items: flex-start; font-size: 14px; z-index: 30; }
.sk-toast .sk-link { color: #7cc4f8; word-break: break-all; }
.sk-toast-x { border: 0; background: none; color: #fff; cursor: pointer; font-size: 14px; opacity: .8; }
.sk-modal-body { padding: 16px 24px; overflow-y: auto; }
.sk-modal-footer { display: flex; justify-content: flex-end; gap: 8px; padding: 16px 24px; border-top: 1px solid var(--sk-border); }
.sk-modal-footer .sk-btn { height: 36px; padding: 0 16px; font-size: 15px; }
`;
