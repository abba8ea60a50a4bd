import { randomUUID } from 'node:crypto';
import type { CloudError } from '../../../cloud/errors';
import { isCloudError } from '../../../cloud/errors';
import { readSessionContext, type SessionContext } from '../../../cloud/session-context';
import type { MirrorSession } from '../../../cloud/types';
import type { MirrorQuery } from '../../../query/types';
import {
  cloudErrorMessage,
  cloudErrorModalBlocks,
  detailsLoadingModal,
  detailsProblemModal,
  expiredButtonMessage,
  internalErrorMessage,
  type ModalSurface,
  sessionDetailsMessage,
  sessionDetailsModal,
  sessionGoneMessage,
  sessionGoneModal,
  tamperedButtonMessage,
} from '../../../views';
import type { SlackMessage } from '../../../views/surface';
import { admit, audit, regionsOfAccount, withNotes } from '../../access';
import { errorName, slackApiError } from '../../api-errors';
import { type ButtonArgs, clickAsker } from '../../button-state';
import type { AppDeps } from '../../deps';
import { openDetails } from '../../guard/button-values';
import { clickTarget, whisperBeside } from '../../replies';

type Lookup =
  | { kind: 'found'; session: MirrorSession; context: SessionContext }
  | { kind: 'gone' }
  | { kind: 'cloud'; error: CloudError }
  | { kind: 'internal'; reference: string };

const RETRY_HINT = 'Close this and click *Details* again to try again.';

/**
 * Never rejects: whatever happens becomes something to show. The session first, then what explains it (ENIs,
 * instances, filter rules), the explanation within the reply budget: when it is late it is left out, not waited for.
 */
async function lookUp(deps: AppDeps, region: string, sessionId: string): Promise<Lookup> {
  const signal = AbortSignal.timeout(deps.replyBudgetMs);
  try {
    // The session itself is read under the cloud budget alone, as the one thing Details cannot do without; only
    // the explanation after it is held to the reply budget.
    const page = await deps.sessions.listPage({
      region,
      filters: { tags: [], sessionIds: [sessionId] },
      maxResults: 1,
    });
    const session = page.sessions.find((s) => s.id === sessionId);
    if (!session) return { kind: 'gone' };
    const context = await readSessionContext(deps.inventory, region, session, deps.logger, signal);
    return { kind: 'found', session, context };
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

/** `account`: the account's name when the bot has several, so the modal says whose session it shows. */
function modalFor(
  lookup: Lookup,
  deps: AppDeps,
  region: string,
  sessionId: string,
  account: string | undefined,
): ModalSurface {
  switch (lookup.kind) {
    case 'found':
      return sessionDetailsModal({
        session: lookup.session,
        context: lookup.context,
        region,
        now: deps.now(),
        ...(account !== undefined ? { account } : {}),
      });
    case 'gone':
      return sessionGoneModal(sessionId, region, account);
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
    const opened = openDetails(deps.codec, regionsOfAccount(deps), action.value ?? '');
    const reply = (message: SlackMessage) => whisperBeside(clickTarget(body, client), message, deps.logger);
    if (!opened.ok) {
      deps.logger.info('refused a Details button', { reason: opened.problem });
      await reply(opened.problem === 'expired' ? expiredButtonMessage() : tamperedButtonMessage());
      return;
    }
    const { region, sessionId, account } = opened.value;
    // The clicker, now, where they click: a Details button in a forwarded or shared list is theirs to be refused.
    const asker = clickAsker(body, 'details');
    const query: MirrorQuery = {
      scope: { kind: 'region', region },
      filters: { tags: [], sessionIds: [sessionId] },
      limit: 1,
      ...(account !== undefined ? { account } : {}),
    };
    const admitted = await admit(deps, asker, query);
    if (!admitted.ok) {
      await reply(admitted.message);
      return;
    }
    const lookup = lookUp(admitted.deps, region, sessionId).then((found) => {
      const requestId = found.kind === 'cloud' ? found.error.details.requestId : undefined;
      audit(deps, asker, admitted.query, region, found.kind === 'found' || found.kind === 'gone' ? 'ok' : 'error', {
        ...(found.kind === 'found' || found.kind === 'gone' ? { count: found.kind === 'found' ? 1 : 0 } : {}),
        ...(requestId !== undefined ? { requestId } : {}),
      });
      return found;
    });

    let modal: { id: string; hash: string | undefined } | undefined;
    try {
      const answer = await client.views.open({
        trigger_id: body.trigger_id,
        view: detailsLoadingModal(sessionId, region),
      });
      if (answer.view?.id) modal = { id: answer.view.id, hash: answer.view.hash };
    } catch (error) {
      deps.logger.info('details: modal did not open, answering beside the list', {
        error: slackApiError(error) ?? errorName(error),
      });
    }

    const result = await lookup;
    if (!modal) {
      await reply(withNotes(messageFor(result, deps, region, sessionId), admitted.notes));
      return;
    }
    try {
      // The hash makes Slack refuse the update if the user has moved the modal on meanwhile.
      await client.views.update({
        view_id: modal.id,
        ...(modal.hash ? { hash: modal.hash } : {}),
        view: modalFor(result, deps, region, sessionId, admitted.query.account),
      });
    } catch (error) {
      // Typically the user closed the modal before the answer came: nothing left to show it in.
      deps.logger.info('details: could not update the modal', { error: slackApiError(error) ?? errorName(error) });
    }
  };
}
