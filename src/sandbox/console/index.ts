/** The sandbox web console, served by the Slack stand-in (see ../slack/server.ts). */
export { createConsole, snapshot, type ConsoleDeps, type ConsoleHandler } from './routes';
export { CONSOLE_HTML, CONSOLE_CSS } from './page';
export { RENDER_JS } from './render-js';
export { APP_JS } from './app-js';
