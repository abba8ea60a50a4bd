import type { App } from '@slack/bolt';
import { CallbackId } from '../../../views/action-ids';
import type { AppDeps } from '../../deps';
import { queryBuilderSubmission } from './query-builder-submission';

export function register(app: App, deps: AppDeps): void {
  app.view(CallbackId.QueryBuilderModal, queryBuilderSubmission(deps));
}
