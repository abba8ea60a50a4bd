import { randomUUID } from 'node:crypto';
import { type EniPage, listEniPage } from '../cloud/eni-lookup';
import { CloudError, CloudErrorCode, isUnexpected, toCloudError } from '../cloud/errors';
import { fanOutRegions } from '../cloud/fan-out';
import type { SessionPage } from '../cloud/types';
import {
  ALL_REGIONS,
  eniCursorOf,
  firstState,
  nextState,
  type PageCursor,
  type PageState,
  pageNumberOf,
  previousState,
  regionQuery,
  tokenOf,
} from '../paging';
import { advanceEniCursor } from '../paging/eni-cursor';
import type { MirrorQuery } from '../query/types';
import {
  allRegionsCliScript,
  type CliInput,
  type CliScript,
  cliFitsInline,
  cliScript,
  cloudErrorMessage,
  internalErrorMessage,
  multiRegionMessage,
  type RegionResult,
  sessionListMessage,
} from '../views';
import type { SlackMessage } from '../views/surface';
import { errorName } from './api-errors';
import type { AppDeps } from './deps';
import { sealDetails } from './guard/button-values';

/**
 * Fetches what a query or a paging button asks for (one page, an ENI's two streams, or every region at once) under
 * the reply budget, and renders it as the message a listener sends.
 */

/**
 * One page of a query, fetched and rendered. A listener decides where it goes (ack, response_url, a DM);
 * `kind` tells it whether this replaces a list (`list`) or should be posted beside it (`error`), so a failed
 * click never wipes the list the user was reading. For an ENI lookup `page` is both streams merged; for an `all`
 * overview it holds every session shown, with region ALL_REGIONS.
 */
export type RenderedPage =
  | { kind: 'list'; message: SlackMessage; page: SessionPage }
  | { kind: 'error'; message: SlackMessage; error: CloudError | undefined };

export interface RenderOptions {
  /** An ephemeral list gets "Share in channel"; a list everyone already sees does not. */
  shareable?: boolean;
  /** The Slack user the answer is for: button states too large to travel count against their quota. */
  owner?: string;
  /** A reply everyone in a thread sees: kept short (no CLI small print, no hints). */
  brief?: boolean;
}

/** The first page of any query: one region, a bare ENI in one region, or the `all` overview. */
export function renderQuery(deps: AppDeps, query: MirrorQuery, options: RenderOptions = {}): Promise<RenderedPage> {
  if (query.scope.kind === 'all') return renderOverview(deps, query, options);
  return renderPage(deps, firstState(query, query.scope.region), options);
}

/** The page a state leads to. The state of an `all` query is its overview (it has no pages of its own). */
export async function renderPage(deps: AppDeps, state: PageState, options: RenderOptions = {}): Promise<RenderedPage> {
  const { query, region } = state;
  if (query.scope.kind === 'all') return renderOverview(deps, query, options);
  const pageNumber = pageNumberOf(state);
  try {
    const fetched = await withinBudget((signal) => fetchPage(deps, state, signal), deps.replyBudgetMs, region);
    const message = listMessage(deps, state, fetched, options);
    deps.logger.info('listed sessions', {
      region,
      page: pageNumber,
      count: fetched.page.sessions.length,
      requestId: fetched.page.requestId,
      ...(query.eni !== undefined ? { eni: true } : {}),
    });
    return { kind: 'list', message, page: fetched.page };
  } catch (error) {
    return failure(deps, error, region, pageNumber, () => deps.codec.encode(firstState(query, region), options.owner));
  }
}

function failure(deps: AppDeps, thrown: unknown, region: string, page: number, startOver: () => string): RenderedPage {
  const error = toCloudError(thrown, region);
  if (!isUnexpected(error)) {
    deps.logger.warn('cloud call failed', { region, page, code: error.code, ...error.details });
    // Only a bad page token is cured by starting over; encoding it for other errors would only fill the store.
    const startOverValue = error.code === CloudErrorCode.BadNextToken ? startOver() : undefined;
    return { kind: 'error', message: cloudErrorMessage(error, { startOverValue }), error };
  }
  const reference = randomUUID().slice(0, 8);
  deps.logger.error('unexpected failure while listing sessions', { reference, region, error: errorName(thrown) });
  return { kind: 'error', message: internalErrorMessage(reference), error: undefined };
}

/** What one page fetch found, and the cursor of the page after it (undefined on the last page). */
interface Fetched {
  page: SessionPage;
  next: PageCursor | undefined;
  eni?: { lookup: EniPage; sourceTotal: number | undefined; targetTotal: number | undefined };
}

async function fetchPage(deps: AppDeps, state: PageState, signal: AbortSignal): Promise<Fetched> {
  const { query, region } = state;
  if (query.eni === undefined) {
    const page = await deps.sessions.listPage(
      { region, filters: query.filters, maxResults: query.limit, nextToken: tokenOf(state) },
      signal,
    );
    return { page, next: page.nextToken };
  }
  const at = eniCursorOf(state);
  const lookup = await listEniPage(
    deps.sessions,
    { region, eni: query.eni, filters: query.filters, maxResults: query.limit, source: at?.source, target: at?.target },
    signal,
  );
  const { next, sourceTotal, targetTotal } = advanceEniCursor(at, lookup.source, lookup.target);
  const page: SessionPage = {
    region,
    sessions: lookup.sessions,
    totalCount: sourceTotal !== undefined && targetTotal !== undefined ? sourceTotal + targetTotal : undefined,
    nextToken: undefined,
    requestId: lookup.source.requestId ?? lookup.target.requestId,
  };
  return { page, next, eni: { lookup, sourceTotal, targetTotal } };
}

/** The CLI small print, or the button that shows it: the value is encoded only when the button is needed. */
function cliFor(script: CliScript, value: () => string): CliInput {
  return cliFitsInline(script) ? { script } : { script, buttonValue: value() };
}

/** Encodes a state at most once: Share and Copy as CLI carry the same value (and one store entry when large). */
function encoder(deps: AppDeps, state: PageState, owner: string | undefined): () => string {
  let value: string | undefined;
  return () => (value ??= deps.codec.encode(state, owner));
}

function listMessage(deps: AppDeps, state: PageState, fetched: Fetched, options: RenderOptions): SlackMessage {
  const { query, region } = state;
  const pageNumber = pageNumberOf(state);
  const previous = previousState(state);
  const here = encoder(deps, state, options.owner);
  const eni = fetched.eni;
  return sessionListMessage({
    query,
    region,
    page: fetched.page,
    pageNumber,
    firstIndex: (pageNumber - 1) * query.limit,
    buttons: {
      next: fetched.next !== undefined ? deps.codec.encode(nextState(state, fetched.next), options.owner) : undefined,
      previous: previous ? deps.codec.encode(previous, options.owner) : undefined,
      share: options.shareable ? here() : undefined,
      details: (sessionId) => sealDetails(deps.codec, region, sessionId),
    },
    now: deps.now(),
    cli: cliFor(cliScript(query, region), here),
    ...(options.brief ? { brief: true } : {}),
    ...(eni && query.eni !== undefined
      ? { eni: { eni: query.eni, roles: eni.lookup.roles, sourceTotal: eni.sourceTotal, targetTotal: eni.targetTotal } }
      : {}),
  });
}

/**
 * `all`: the first page of every configured region, fetched in parallel under cloud/'s concurrency cap and one
 * deadline (a region still out at the deadline is shown as timed out), grouped by region in one message.
 */
async function renderOverview(deps: AppDeps, query: MirrorQuery, options: RenderOptions): Promise<RenderedPage> {
  const regions = deps.regions;
  try {
    const outcomes = await fanOutRegions(
      regions,
      (region, signal) => fetchPage(deps, firstState(regionQuery(query, region), region), signal),
      {
        budgetMs: deps.replyBudgetMs,
        ...(deps.fanOutLimiter ? { shared: deps.fanOutLimiter } : {}),
      },
    );
    const results = outcomes.map((outcome): RegionResult => {
      if (!outcome.ok) {
        const { error } = outcome;
        if (outcome.cause !== undefined)
          deps.logger.error('unexpected failure in one region', {
            region: outcome.region,
            error: errorName(outcome.cause),
          });
        else
          deps.logger.warn('cloud call failed', {
            region: outcome.region,
            page: 1,
            code: error.code,
            ...error.details,
          });
        return { region: outcome.region, ok: false, error };
      }
      return regionResult(deps, query, outcome.region, outcome.value, options.owner);
    });
    const here = encoder(deps, firstState(query, ALL_REGIONS), options.owner);
    const message = multiRegionMessage({
      query,
      results,
      buttons: { share: options.shareable ? here() : undefined },
      cli: cliFor(allRegionsCliScript(query, regions), here),
    });
    const sessions = outcomes.flatMap((o) => (o.ok ? o.value.page.sessions : []));
    const failed = outcomes.filter((o) => !o.ok).length;
    deps.logger.info('listed all regions', {
      regions: regions.length,
      failed,
      count: sessions.length,
      ...(query.eni !== undefined ? { eni: true } : {}),
    });
    return {
      kind: 'list',
      message,
      page: { region: ALL_REGIONS, sessions, totalCount: undefined, nextToken: undefined, requestId: undefined },
    };
  } catch (error) {
    // Per-region failures never get here (fanOutRegions reports them); only a bug in rendering does.
    return failure(deps, error, ALL_REGIONS, 1, () => deps.codec.encode(firstState(query, ALL_REGIONS), options.owner));
  }
}

function regionResult(
  deps: AppDeps,
  query: MirrorQuery,
  region: string,
  fetched: Fetched,
  owner: string | undefined,
): RegionResult {
  const first = firstState(regionQuery(query, region), region);
  const hasNextPage = fetched.next !== undefined;
  const more =
    fetched.page.sessions.length > 0
      ? {
          firstPage: deps.codec.encode(first, owner),
          ...(fetched.next !== undefined ? { nextPage: deps.codec.encode(nextState(first, fetched.next), owner) } : {}),
        }
      : undefined;
  const eni = fetched.eni;
  return {
    region,
    ok: true,
    sessions: fetched.page.sessions,
    hasNextPage,
    totalCount: fetched.page.totalCount,
    ...(eni ? { eni: { roles: eni.lookup.roles, sourceTotal: eni.sourceTotal, targetTotal: eni.targetTotal } } : {}),
    ...(more ? { more } : {}),
  };
}

/**
 * The cloud layer has its own budget for retries; this is the backstop that guarantees an answer even if a
 * socket ignores its timeout: the promise is abandoned (and aborted) at the deadline.
 */
async function withinBudget<T>(
  call: (signal: AbortSignal) => Promise<T>,
  budgetMs: number,
  region: string,
): Promise<T> {
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
