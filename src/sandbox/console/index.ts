/** The sandbox web console, served by the Slack stand-in (see ../slack/server.ts); its page is in ./web. */

export { type ConsoleDeps, type ConsoleHandler, createConsole, snapshot } from './routes';
