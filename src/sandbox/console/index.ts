/** The sandbox web console, served by the Slack stand-in (see ../slack/server.ts). */

export { APP_JS } from './app-js';
export { RENDER_JS } from './render-js';
