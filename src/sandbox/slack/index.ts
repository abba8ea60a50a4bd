/** The Slack stand-in: a local Slack for the sandbox console and for tests. */

export { flattenBlockText } from './json';
export { startSlackStandIn } from './server';
export { signedHeaders, slackSignature } from './signing';
export { DEFAULT_SHORTCUTS } from './state';
export type { SlackStandIn, StoredMessage } from './types';
export { ClientRule } from './view-state';
