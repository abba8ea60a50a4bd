import { randomUUID } from 'node:crypto';
import { CloudError, CloudErrorCode, isCloudError } from '../cloud/errors';
import type { SessionPage } from '../cloud/types';
import { firstState, nextState, pageNumberOf, previousState, tokenOf, type PageState } from '../paging';
import { cloudErrorMessage, internalErrorMessage, sessionListMessage } from '../views';
import type { AppDeps } from './deps';
import { errorName, type SlackMessage } from './message';

/**
 * One page of a query, fetched and rendered. A listener decides where it goes (ack, response_url, a DM);
 * `kind` tells it whether this replaces a list (`list`) or should be posted beside it (`error`), so a failed
 * click never wipes the list the user was reading.
 */
export type RenderedPage = { kind: 'list'; message: SlackMessage; page: SessionPage } | { kind: 'error'; message: SlackMessage; error: CloudError | undefined };

export interface RenderOptions {
  /** An ephemeral list gets "Share in channel"; a list everyone already sees does not. */
  shareable?: boolean;
}

export async function renderPage(deps: AppDeps, state: PageState, options: RenderOptions = {}): Promise<RenderedPage> {
  const { query, region } = state;
  const pageNumber = pageNumberOf(state);
  try {
    const page = await withinBudget(
      (signal) => deps.sessions.listPage({ region, filters: query.filters, maxResults: query.limit, nextToken: tokenOf(state) }, signal),
      deps.replyBudgetMs,
      region,
    );
    const previous = previousState(state);
    const message = sessionListMessage({
      query,
      region,
      page,
      pageNumber,
      firstIndex: (pageNumber - 1) * query.limit,
      buttons: {
        next: page.nextToken ? deps.codec.encode(nextState(state, page.nextToken)) : undefined,
        previous: previous ? deps.codec.encode(previous) : undefined,
        share: options.shareable ? deps.codec.encode(state) : undefined,
      },
      now: deps.now(),
    });
    deps.logger.info('listed sessions', { region, page: pageNumber, count: page.sessions.length, requestId: page.requestId });
    return { kind: 'list', message, page };
  } catch (error) {
    if (isCloudError(error)) {
      deps.logger.warn('cloud call failed', { region, page: pageNumber, code: error.code, ...error.details });
      const message = cloudErrorMessage(error, { startOverValue: deps.codec.encode(firstState(query, region)) });
      return { kind: 'error', message, error };
    }
    const reference = randomUUID().slice(0, 8);
    deps.logger.error('unexpected failure while listing sessions', { reference, region, error: errorName(error) });
    return { kind: 'error', message: internalErrorMessage(reference), error: undefined };
  }
}

/**
 * The cloud layer has its own budget for retries; this is the backstop that guarantees an answer even if a
 * socket ignores its timeout: the promise is abandoned (and aborted) at the deadline.
 */
async function withinBudget<T>(call: (signal: AbortSignal) => Promise<T>, budgetMs: number, region: string): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CloudError(CloudErrorCode.Timeout, `no answer from the VPC API within ${budgetMs} ms`, { region }));
    }, budgetMs);
  });
  try {
    return await Promise.race([call(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
