import type { App } from '@slack/bolt';
import { CallbackId } from '../../../views/action-ids';
import type { AppDeps } from '../../deps';
import { queryBuilderShortcut } from './query-builder';

export function register(app: App, deps: AppDeps): void {
  app.shortcut(CallbackId.QueryBuilderShortcut, queryBuilderShortcut(deps));
}
