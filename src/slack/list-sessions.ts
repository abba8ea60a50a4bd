import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { type EniPage, listEniPage } from '../cloud/eni-lookup';
import {
  CloudError,
  CloudErrorCode,
  isTransient,
  isUnexpected,
  LOOKUP_RAM_ACTIONS,
  toCloudError,
} from '../cloud/errors';
import { fanOutRegions, type RegionOutcome } from '../cloud/fan-out';
import { type HostLookup, lookUpHost } from '../cloud/host-lookup';
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
import { canonicalText } from '../query';
import { idShapeRule } from '../query/rules';
import type { MirrorQuery } from '../query/types';
import {
  allRegionsCliScript,
  type CliInput,
  type CliScript,
  cliNeedsButton,
  cliScript,
  cloudErrorMessage,
  foundInNote,
  hostLabel,
  hostNotFoundAnywhereMessage,
  hostNotFoundMessage,
  internalErrorMessage,
  multiRegionMessage,
  notFoundAnywhereMessage,
  placeholderMessage,
  type RegionResult,
  type ResolvedHost,
  sessionListMessage,
  withNote,
  withRetryButton,
} from '../views';
import { plural } from '../views/format';
import type { SlackMessage } from '../views/surface';
import { watchQueryText } from '../watch/types';
import { cliAccount } from './access';
import { errorName } from './api-errors';
import type { AppDeps } from './deps';
import { withEmptyHints } from './empty-hints';
import { sealDetails, sealWatchQuery } from './guard/button-values';

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

/** The first page of any query: one region, a bare ENI in one region, a bare id anywhere, or the `all` overview. */
export function renderQuery(deps: AppDeps, query: MirrorQuery, options: RenderOptions = {}): Promise<RenderedPage> {
  return renderPage(deps, firstStateOf(query), options);
}

/** The state of a query's first page: a region's, or ALL_REGIONS for `all` and for a bare id searched everywhere. */
export function firstStateOf(query: MirrorQuery): PageState {
  return firstState(query, query.scope.kind === 'region' ? query.scope.region : ALL_REGIONS);
}

/** "Looking up cn-hongkong…": what a slow answer to this state shows meanwhile. */
export function placeholderFor(deps: AppDeps, state: PageState, stays = false): SlackMessage {
  const { query } = state;
  const where =
    query.scope.kind === 'region'
      ? state.region
      : query.scope.kind === 'anywhere'
        ? `${query.eni ?? (query.host ? hostLabel(query.host) : query.filters.sessionIds.join(', '))} in ${plural(deps.regions.length, 'configured region')}`
        : `${plural(deps.regions.length, 'configured region')}`;
  return placeholderMessage({ where, asked: canonicalText(query), page: pageNumberOf(state), stays });
}

/**
 * The page a state leads to. The state of an `all` query is its overview (it has no pages of its own); that of a
 * bare id with no region is the search of every region.
 */
export async function renderPage(deps: AppDeps, state: PageState, options: RenderOptions = {}): Promise<RenderedPage> {
  const { query, region } = state;
  if (query.scope.kind === 'all') return renderOverview(deps, query, options);
  if (query.scope.kind === 'anywhere') return renderSearch(deps, query, options);
  const pageNumber = pageNumberOf(state);
  try {
    const fetched = await withinBudget((signal) => fetchPage(deps, state, signal), deps.replyBudgetMs, region);
    let message = listMessage(deps, state, fetched, options);
    if (fetched.page.sessions.length === 0 && pageNumber === 1) message = withEmptyHints(deps, query, region, message);
    deps.logger.info('listed sessions', {
      region,
      page: pageNumber,
      count: fetched.page.sessions.length,
      requestId: fetched.page.requestId,
      ...(query.eni !== undefined ? { eni: true } : {}),
      ...(fetched.host ? { host: query.host?.kind, enis: fetched.host.resolution.enis.length } : {}),
    });
    return { kind: 'list', message, page: fetched.page };
  } catch (error) {
    return failure(deps, error, state, options.owner);
  }
}

function failure(deps: AppDeps, thrown: unknown, state: PageState, owner: string | undefined): RenderedPage {
  const { query, region } = state;
  const page = pageNumberOf(state);
  const error = toCloudError(thrown, region);
  // Retry re-runs the very page that failed; the value is encoded only when the button is shown.
  const retry = () => deps.codec.encode(state, owner);
  if (!isUnexpected(error)) {
    deps.logger.warn('cloud call failed', { region, page, code: error.code, ...error.details });
    // Only a bad page token is cured by starting over; encoding it for other errors would only fill the store.
    const startOverValue =
      error.code === CloudErrorCode.BadNextToken ? deps.codec.encode(firstState(query, region), owner) : undefined;
    const retryValue = isTransient(error) ? retry() : undefined;
    return { kind: 'error', message: cloudErrorMessage(error, { startOverValue, retryValue }), error };
  }
  const reference = randomUUID().slice(0, 8);
  deps.logger.error('unexpected failure while listing sessions', { reference, region, error: errorName(thrown) });
  return { kind: 'error', message: withRetryButton(internalErrorMessage(reference), retry()), error: undefined };
}

/** What one page fetch found, and the cursor of the page after it (undefined on the last page). */
interface Fetched {
  page: SessionPage;
  next: PageCursor | undefined;
  eni?: { lookup: EniPage; sourceTotal: number | undefined; targetTotal: number | undefined };
  host?: HostLookup;
}

/** A host's sessions are all read at once (a few per ENI), so its pages are offsets into that merged list. */
function offsetOf(state: PageState): number {
  const token = tokenOf(state);
  const offset = token !== undefined && /^\d{1,6}$/.test(token) ? Number(token) : 0;
  return offset;
}

async function fetchHostPage(deps: AppDeps, state: PageState, signal: AbortSignal): Promise<Fetched> {
  const { query, region } = state;
  if (query.host === undefined) throw new Error('not a host lookup');
  const lookup = await lookUpHost(
    deps.sessions,
    deps.inventory,
    { region, host: query.host, filters: query.filters },
    signal,
  );
  const offset = offsetOf(state);
  const end = offset + query.limit;
  const page: SessionPage = {
    region,
    sessions: lookup.sessions.slice(offset, end),
    totalCount: lookup.sessions.length,
    nextToken: undefined,
    requestId: undefined,
  };
  return { page, next: end < lookup.sessions.length ? String(end) : undefined, host: lookup };
}

async function fetchPage(deps: AppDeps, state: PageState, signal: AbortSignal): Promise<Fetched> {
  const { query, region } = state;
  if (query.host !== undefined) return fetchHostPage(deps, state, signal);
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
  return cliNeedsButton(script) ? { script, buttonValue: value() } : { script };
}

/** Encodes a state at most once: Share and Copy as CLI carry the same value (and one store entry when large). */
function encoder(deps: AppDeps, state: PageState, owner: string | undefined): () => string {
  let value: string | undefined;
  return () => (value ??= deps.codec.encode(state, owner));
}

/** What the view says about the host: its ENIs, their instances, and the permission names would need. */
function resolvedOf(lookup: HostLookup): ResolvedHost {
  const denied = lookup.instancesError?.code === CloudErrorCode.PermissionDenied;
  return {
    host: lookup.resolution.host,
    enis: lookup.resolution.enis,
    instances: lookup.instances,
    ...(denied ? { namesNeed: lookup.instancesError?.details.action ?? LOOKUP_RAM_ACTIONS.instances } : {}),
  };
}

/**
 * "Watch this query" on a list its asker alone sees (a command's answer): one region, no host lookup (an IP or
 * instance resolves to ENIs that can change under a watch), and a bot with watches.
 */
function watchButton(deps: AppDeps, query: MirrorQuery, region: string, options: RenderOptions): { watch?: string } {
  if (!deps.watches || !options.shareable || query.scope.kind !== 'region' || query.host !== undefined) return {};
  return { watch: sealWatchQuery(deps.codec, region, watchQueryText(query)) };
}

function listMessage(deps: AppDeps, state: PageState, fetched: Fetched, options: RenderOptions): SlackMessage {
  const { query, region } = state;
  const host = fetched.host;
  if (host && host.resolution.enis.length === 0) return hostNotFoundMessage(host.resolution.host, region);
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
      details: (sessionId) => sealDetails(deps.codec, region, sessionId, query.account),
      ...watchButton(deps, query, region, options),
    },
    now: deps.now(),
    cli: cliFor(cliScript(query, region, cliAccount(deps, query)), here),
    ...(options.brief ? { brief: true } : {}),
    ...(eni && query.eni !== undefined
      ? { eni: { eni: query.eni, roles: eni.lookup.roles, sourceTotal: eni.sourceTotal, targetTotal: eni.targetTotal } }
      : {}),
    ...(host
      ? {
          eni: {
            eni: hostLabel(host.resolution.host),
            roles: host.roles,
            sourceTotal: host.sourceCount,
            targetTotal: host.targetCount,
            resolved: resolvedOf(host),
          },
        }
      : {}),
  });
}

/**
 * `all`: the first page of every configured region, fetched in parallel under cloud/'s concurrency cap and one
 * deadline (a region still out at the deadline is shown as timed out), grouped by region in one message.
 */
async function renderOverview(deps: AppDeps, query: MirrorQuery, options: RenderOptions): Promise<RenderedPage> {
  try {
    return overview(deps, query, await everyRegion(deps, query), options);
  } catch (error) {
    // Per-region failures never get here (fanOutRegions reports them); only a bug in rendering does.
    return failure(deps, error, firstState(query, ALL_REGIONS), options.owner);
  }
}

/** The first page of `query` in every configured region at once, under one deadline and the shared cap. */
function everyRegion(deps: AppDeps, query: MirrorQuery): Promise<Array<RegionOutcome<Fetched>>> {
  return fanOutRegions(
    deps.regions,
    (region, signal) => fetchPage(deps, firstState(regionQuery(query, region), region), signal),
    {
      budgetMs: deps.replyBudgetMs,
      ...(deps.fanOutLimiter ? { shared: deps.fanOutLimiter } : {}),
    },
  );
}

/**
 * A bare id or host with no region (`tms-…`, `eni-…`, an IP, `i-…`): looked for in every configured region at once. Found in one region,
 * the answer is that region's own list (its paging works), headed by where it was found; found nowhere, it says so
 * and asks to check the id; anything else (several regions, a region that failed) is the grouped overview.
 */
async function renderSearch(deps: AppDeps, query: MirrorQuery, options: RenderOptions): Promise<RenderedPage> {
  try {
    const outcomes = await everyRegion(deps, query);
    // A host is found where an ENI holds it, mirrored or not; an id where a session names it.
    const found = outcomes.filter(
      (o) => o.ok && (o.value.host ? o.value.host.resolution.enis.length > 0 : o.value.page.sessions.length > 0),
    );
    const failed = outcomes.some((o) => !o.ok);
    const only = found[0];
    if (!failed && found.length === 1 && only?.ok) {
      const state = firstState(regionQuery(query, only.region), only.region);
      const message = withNote(
        listMessage(deps, state, only.value, options),
        foundInNote(only.region, outcomes.length),
        'top',
      );
      deps.logger.info('found a bare id', { region: only.region, regions: outcomes.length });
      return { kind: 'list', message, page: only.value.page };
    }
    if (!failed && found.length === 0 && query.host !== undefined) {
      deps.logger.info('a bare host is in no region', { host: query.host.kind, regions: outcomes.length });
      return {
        kind: 'list',
        message: hostNotFoundAnywhereMessage(query.host, deps.regions),
        page: { region: ALL_REGIONS, sessions: [], totalCount: 0, nextToken: undefined, requestId: undefined },
      };
    }
    if (!failed && found.length === 0) {
      const id = query.eni ?? query.filters.sessionIds.join(',');
      deps.logger.info('a bare id is in no region', { regions: outcomes.length });
      return {
        kind: 'list',
        message: notFoundAnywhereMessage(id, deps.regions, idShapeRule(id)),
        page: { region: ALL_REGIONS, sessions: [], totalCount: 0, nextToken: undefined, requestId: undefined },
      };
    }
    return overview(deps, query, outcomes, options);
  } catch (error) {
    return failure(deps, error, firstState(query, ALL_REGIONS), options.owner);
  }
}

/** Every region's outcome, grouped in one message; a Retry button when a region failed for a reason that may pass. */
function overview(
  deps: AppDeps,
  query: MirrorQuery,
  outcomes: Array<RegionOutcome<Fetched>>,
  options: RenderOptions,
): RenderedPage {
  const regions = deps.regions;
  {
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
    let message = multiRegionMessage({
      query,
      results,
      buttons: { share: options.shareable ? here() : undefined },
      cli: cliFor(allRegionsCliScript(query, regions, cliAccount(deps, query)), here),
    });
    if (outcomes.some((o) => !o.ok && isTransient(o.error))) message = withRetryButton(message, here(), 'Retry');
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
  const host = fetched.host;
  return {
    region,
    ok: true,
    sessions: fetched.page.sessions,
    hasNextPage,
    totalCount: fetched.page.totalCount,
    ...(eni ? { eni: { roles: eni.lookup.roles, sourceTotal: eni.sourceTotal, targetTotal: eni.targetTotal } } : {}),
    ...(host ? { eni: { roles: host.roles, sourceTotal: host.sourceCount, targetTotal: host.targetCount } } : {}),
    ...(host && host.resolution.enis.length === 0 ? { notHeld: true } : {}),
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
  const signal = AbortSignal.timeout(budgetMs);
  const deadline = once(signal, 'abort').then((): never => {
    throw new CloudError(CloudErrorCode.Timeout, `no answer from the VPC API within ${budgetMs} ms`, { region });
  });
  return Promise.race([call(signal), deadline]);
}
