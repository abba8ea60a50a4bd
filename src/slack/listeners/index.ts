import type { App } from '@slack/bolt';
import type { AppDeps } from '../deps';
import * as actions from './actions';
import * as commands from './commands';
import * as events from './events';
import * as shortcuts from './shortcuts';
import * as views from './views';

/** One `register` per listener kind, each wiring its own files. */
export function registerListeners(app: App, deps: AppDeps): void {
  for (const kind of [commands, events, actions, shortcuts, views]) kind.register(app, deps);
}
