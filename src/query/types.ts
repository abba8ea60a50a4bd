/** A tag filter. `value` undefined means "has this key"; '' means "key with an empty value". */
export interface TagFilter {
  key: string;
  value?: string;
}

/** Every filter ListTrafficMirrorSessions accepts, in our own words (wire names live in cloud/). */
export interface SessionFilters {
  tags: TagFilter[];
  name?: string;
  sourceId?: string;
  targetId?: string;
  filterId?: string;
  vni?: number;
  priority?: number;
  enabled?: boolean;
  sessionIds: string[];
  resourceGroupId?: string;
}

/**
 * Where a query looks: one region, or every region in MIRRORS_REGIONS (`all`). `anywhere` is a bare lookup (`tms-…`,
 * `eni-…`, an IP or an `i-…`) with no region named and no default: every configured region is searched, and the
 * answer names where the id or host was found.
 */
export type RegionScope = { kind: 'region'; region: string } | { kind: 'all' } | { kind: 'anywhere' };

export interface MirrorQuery {
  scope: RegionScope;
  filters: SessionFilters;
  /** Page size: MaxResults, 1-100. */
  limit: number;
  /** Bare `eni-…`: sessions that mirror from OR to this ENI (on-call lookup). */
  eni?: string;
  /** `ip:…`, a bare IPv4 or a bare `i-…`: resolved to ENIs, then looked up like a bare ENI. */
  host?: HostTerm;
  /**
   * `view:cards`: every field of each session on the page instead of one line each. How the answer is shown, not
   * what is asked: it never reaches the API or the aliyun CLI line.
   */
  view?: 'cards';
  /**
   * `account:NAME`: which configured account is asked. Absent = the default account. Set by the listener when
   * more than one account exists, so a button's signed state names its account whatever the default becomes.
   */
  account?: string;
}

/** What on-call knows about a host: a private IPv4, or an ECS instance id. */
export type HostTerm = { kind: 'ip'; ip: string } | { kind: 'instance'; instanceId: string };

export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

export type QueryErrorCode =
  | 'unknown-key' // `tagg:x`
  | 'invalid-value' // a value that breaks the API's rule for that key
  | 'duplicate' // a single-valued key given twice with different values
  | 'too-many' // more tags / ids than the API allows
  | 'unknown-term' // a bare word that is neither a region nor an id
  | 'unknown-region' // a region id that is neither configured nor a known public region
  | 'unbalanced-quote'
  | 'no-region'; // no region in the text and no MIRRORS_DEFAULT_REGION

/** A problem with one term of the command. Carries the term and the rule, so the reply can quote both. */
export interface QueryError {
  code: QueryErrorCode;
  /** The term as the user typed it (empty for no-region). */
  term: string;
  /** The rule, in words: "vni: must be an integer from 0 to 16777215". */
  rule: string;
  /** For unknown keys: the nearest known key, with its colon ("target:"). */
  suggestion?: string;
}

export type ParseOutcome =
  | { kind: 'help' }
  | { kind: 'query'; query: MirrorQuery }
  /** `fix`: the whole command corrected (without the command name), when every problem had a fix. */
  | { kind: 'error'; errors: QueryError[]; fix?: string };
