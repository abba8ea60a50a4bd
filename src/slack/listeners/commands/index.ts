import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps';
import { mirrorsCommand } from './mirrors';

/** Any command whose name starts with /mirrors, so a staging copy can be /mirrors-staging. */
const COMMAND = /^\/mirrors/;

export function register(app: App, deps: AppDeps): void {
  app.command(COMMAND, mirrorsCommand(deps));
}
