import { randomUUID } from 'node:crypto';
import type { CloudError } from '../../../cloud/errors';
import { isCloudError } from '../../../cloud/errors';
import type { MirrorSession } from '../../../cloud/types';
import {
  cloudErrorMessage,
  cloudErrorModalBlocks,
  detailsLoadingModal,
  detailsProblemModal,
  internalErrorMessage,
  type ModalSurface,
  sessionDetailsMessage,
  sessionDetailsModal,
  sessionGoneMessage,
  sessionGoneModal,
  tamperedButtonMessage,
} from '../../../views';
import { parseDetailsValue } from '../../../views/action-ids';
import type { SlackMessage } from '../../../views/surface';
import { errorName, slackApiError } from '../../api-errors';
import type { ButtonArgs } from '../../button-state';
import type { AppDeps } from '../../deps';
import { clickTarget, whisperBeside } from '../../replies';

type Lookup =
  | { kind: 'found'; session: MirrorSession }
  | { kind: 'gone' }
  | { kind: 'cloud'; error: CloudError }
  | { kind: 'internal'; reference: string };

const RETRY_HINT = 'Close this and click *Details* again to try again.';

/** Never rejects: whatever happens becomes something to show. */
async function lookUp(deps: AppDeps, region: string, sessionId: string): Promise<Lookup> {
  try {
    const page = await deps.sessions.listPage({
      region,
      filters: { tags: [], sessionIds: [sessionId] },
      maxResults: 1,
    });
    const session = page.sessions.find((s) => s.id === sessionId);
    return session ? { kind: 'found', session } : { kind: 'gone' };
  } catch (error) {
    if (isCloudError(error)) {
      deps.logger.warn('details: cloud call failed', { code: error.code, ...error.details });
      return { kind: 'cloud', error };
    }
    const reference = randomUUID().slice(0, 8);
    deps.logger.error('details: unexpected failure', { reference, region, error: errorName(error) });
    return { kind: 'internal', reference };
  }
}

function modalFor(lookup: Lookup, deps: AppDeps, region: string, sessionId: string): ModalSurface {
  switch (lookup.kind) {
    case 'found':
      return sessionDetailsModal({ session: lookup.session, region, now: deps.now() });
    case 'gone':
      return sessionGoneModal(sessionId, region);
    case 'cloud':
      return detailsProblemModal(cloudErrorModalBlocks(lookup.error, RETRY_HINT));
    case 'internal':
      return detailsProblemModal(internalErrorMessage(lookup.reference).blocks);
  }
}

function messageFor(lookup: Lookup, deps: AppDeps, region: string, sessionId: string): SlackMessage {
  switch (lookup.kind) {
    case 'found':
      return sessionDetailsMessage({ session: lookup.session, region, now: deps.now() });
    case 'gone':
      return sessionGoneMessage(sessionId, region);
    case 'cloud':
      return cloudErrorMessage(lookup.error);
    case 'internal':
      return internalErrorMessage(lookup.reference);
  }
}

/**
 * "Details" on a session: a modal with every field, every tag and links to the console, read fresh from the API
 * (the list may be minutes old). The click's trigger_id lapses after 3 s and the API may take longer, so a
 * "Loading…" modal opens at once, while the session is being read, and is replaced by the result. If the modal
 * cannot open (an expired trigger), the details are answered beside the list instead.
 */
export function detailsAction(deps: AppDeps) {
  return async ({ ack, action, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const target = parseDetailsValue(action.value ?? '');
    const reply = (message: SlackMessage) => whisperBeside(clickTarget(body, client), message, deps.logger);
    if (!target) {
      await reply(tamperedButtonMessage());
      return;
    }
    const { region, sessionId } = target;
    const lookup = lookUp(deps, region, sessionId);

    let opened: { id: string; hash: string | undefined } | undefined;
    try {
      const answer = await client.views.open({
        trigger_id: body.trigger_id,
        view: detailsLoadingModal(sessionId, region),
      });
      if (answer.view?.id) opened = { id: answer.view.id, hash: answer.view.hash };
    } catch (error) {
      deps.logger.info('details: modal did not open, answering beside the list', {
        error: slackApiError(error) ?? errorName(error),
      });
    }

    const result = await lookup;
    if (!opened) {
      await reply(messageFor(result, deps, region, sessionId));
      return;
    }
    try {
      // The hash makes Slack refuse the update if the user has moved the modal on meanwhile.
      await client.views.update({
        view_id: opened.id,
        ...(opened.hash ? { hash: opened.hash } : {}),
        view: modalFor(result, deps, region, sessionId),
      });
    } catch (error) {
      // Typically the user closed the modal before the answer came: nothing left to show it in.
      deps.logger.info('details: could not update the modal', { error: slackApiError(error) ?? errorName(error) });
    }
  };
}
