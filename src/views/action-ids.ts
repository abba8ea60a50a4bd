import { isRegionId } from '../query/rules';

/** action_ids of every interactive element we render. Listeners in slack/ register on these. */
export const ActionId = {
  NextPage: 'mirrors_page_next',
  PreviousPage: 'mirrors_page_previous',
  StartOver: 'mirrors_start_over',
  HomeRefresh: 'mirrors_home_refresh',
  HomeListRegion: 'mirrors_home_list_region',
  /** App Home's attention lists of one region: its FinancialLocked, disabled and not-Created sessions. */
  HomeListLocked: 'mirrors_home_list_locked',
  HomeListDisabled: 'mirrors_home_list_disabled',
  HomeListNotCreated: 'mirrors_home_list_not_created',
  Details: 'mirrors_details',
  Share: 'mirrors_share',
  /** Shows the equivalent aliyun CLI line when it is too long to sit in the list itself. */
  ShowCli: 'mirrors_show_cli',
  /** `all`: open one region's own paged list from the grouped overview. */
  RegionMore: 'mirrors_region_more',
  /** Re-runs the query whose answer failed (throttled, timed out, unreachable), replacing the failure. */
  Retry: 'mirrors_retry',
  /** App Home's "Build a query" button. */
  OpenQueryBuilder: 'mirrors_open_query_builder',
} as const;

/**
 * "More in …" buttons that share one actions block need action_ids unique within it: the n-th is suffixed `_n`.
 * The listener is registered on REGION_MORE_PATTERN, which matches them all.
 */
export function regionMoreActionId(n: number): string {
  return n === 0 ? ActionId.RegionMore : `${ActionId.RegionMore}_${n}`;
}

export const REGION_MORE_PATTERN = new RegExp(`^${ActionId.RegionMore}(?:_\\d+)?$`);

/** callback_ids of shortcuts and modals (manifest.yml declares the shortcut's). */
export const CallbackId = {
  QueryBuilderShortcut: 'mirrors_query_builder',
  QueryBuilderModal: 'mirrors_query_builder_modal',
  DetailsModal: 'mirrors_details_modal',
} as const;

/**
 * A Details button names its session and region in plain text: nothing secret, and the listener re-reads the
 * session from the API on every click, so a forged value can only ask for what the user could ask anyway.
 */
export function detailsValue(region: string, sessionId: string): string {
  return `${region}/${sessionId}`;
}

export function parseDetailsValue(value: string): { region: string; sessionId: string } | undefined {
  const [region = '', sessionId = '', ...rest] = value.split('/');
  // The same region rule the grammar applies to what users type.
  return rest.length === 0 && isRegionId(region) && /^tms-[a-z0-9]{1,64}$/.test(sessionId)
    ? { region, sessionId }
    : undefined;
}
