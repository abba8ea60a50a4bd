import type { App } from '@slack/bolt';
import type { AppDeps } from '../../deps';
import { appHomeOpened } from './app-home-opened';
import { appMention } from './app-mention';

export function register(app: App, deps: AppDeps): void {
  app.event('app_mention', appMention(deps));
  app.event('app_home_opened', appHomeOpened(deps));
}
