/** The sandbox web console, served by the Slack stand-in (see ../slack/server.ts). */

export { APP_JS } from './app-js';
export { CONSOLE_CSS, CONSOLE_HTML } from './page';
export { RENDER_JS } from './render-js';
export { type ConsoleDeps, type ConsoleHandler, createConsole, snapshot } from './routes';
