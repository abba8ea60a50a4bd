/**
 * Every filter of the command grammar in one table: its key, how a value is read, its rule, its `aliyun` CLI flag
 * and its help lines. Parsing, canonical text, chips, the CLI line and help are all driven from here, and the
 * table is typed by `SessionFilters`, so a new field does not compile until it has an entry (and, in cloud/, a
 * wire name).
 */
import {
  booleanWord,
  MAX_NAME,
  MAX_PRIORITY,
  MAX_SESSION_IDS,
  MAX_TAG_KEY,
  MAX_TAG_VALUE,
  MAX_TAGS,
  MAX_VNI,
  MIN_PRIORITY,
  nameOk,
  normalizeId,
  Rule,
  wholeNumberIn,
} from './rules';
import type { SessionFilters } from './types';

export type FilterField = keyof SessionFilters;
/** The filters that take one value each; `tags` and `sessionIds` are lists, read by their own rules. */
export type ScalarField = Exclude<FilterField, 'tags' | 'sessionIds'>;

/** One line of `/mirrors help`: how the key is written and what it does (mrkdwn). */
interface HelpLine {
  syntax: string;
  text: string;
}

interface FilterSpec {
  /** The key as typed, without its colon. */
  key: string;
  /**
   * The `aliyun vpc ListTrafficMirrorSessions` flag. The CLI's flags are the API's wire names, and the CLI line is
   * a description of the query a person can paste (DESIGN puts it in query/), so the flags are spelled here too;
   * test/query/filters.test.ts holds them equal to cloud/'s wire names.
   */
  cli: string;
  help: readonly HelpLine[];
}

interface ScalarSpec<F extends ScalarField> extends FilterSpec {
  /** The rule a refused value breaks, quoted in the reply. */
  rule: string;
  read(value: string): NonNullable<SessionFilters[F]> | undefined;
}

type ScalarTable = { [F in ScalarField]: ScalarSpec<F> };
type FilterTable = ScalarTable & { [F in 'tags' | 'sessionIds']: FilterSpec };

const id =
  (...kinds: Parameters<typeof normalizeId>[1]) =>
  (value: string): string | undefined =>
    normalizeId(value, kinds);

/** In the order canonical text, chips, the CLI line and help list them. */
export const FILTERS = {
  tags: {
    key: 'tag',
    cli: '--Tags',
    help: [
      {
        syntax: 'tag:KEY',
        text: `sessions that have this tag key. Up to ${MAX_TAGS} tags in all; key 1–${MAX_TAG_KEY} characters, not starting with \`aliyun\` or \`acs:\`, no \`http://\` or \`https://\``,
      },
      {
        syntax: 'tag:KEY=VALUE',
        text: `that tag with this value. Value up to ${MAX_TAG_VALUE} characters, no \`http://\` or \`https://\`, may be empty (\`tag:KEY=\`)`,
      },
    ],
  },
  name: {
    key: 'name',
    cli: '--TrafficMirrorSessionName',
    rule: Rule.name,
    read: (value) => (nameOk(value) ? value : undefined),
    help: [
      {
        syntax: 'name:NAME',
        text: `session name, 1–${MAX_NAME} characters, not starting with \`http://\` or \`https://\``,
      },
    ],
  },
  sourceId: {
    key: 'source',
    cli: '--TrafficMirrorSourceId',
    rule: Rule.source,
    read: id('eni'),
    help: [{ syntax: 'source:ENI_ID', text: 'sessions that mirror traffic from this ENI' }],
  },
  targetId: {
    key: 'target',
    cli: '--TrafficMirrorTargetId',
    rule: Rule.target,
    read: id('eni', 'slb'),
    help: [{ syntax: 'target:ID', text: 'sessions that mirror to this target: an ENI (`eni-…`) or an SLB (`lb-…`)' }],
  },
  filterId: {
    key: 'filter',
    cli: '--TrafficMirrorFilterId',
    rule: Rule.filter,
    read: id('filter'),
    help: [{ syntax: 'filter:TMF_ID', text: 'sessions that use this traffic mirror filter (`tmf-…`)' }],
  },
  vni: {
    key: 'vni',
    cli: '--VirtualNetworkId',
    rule: Rule.vni,
    read: (value) => wholeNumberIn(value, 0, MAX_VNI),
    help: [{ syntax: 'vni:N', text: `VXLAN network id, an integer from 0 to ${MAX_VNI}` }],
  },
  priority: {
    key: 'priority',
    cli: '--Priority',
    rule: Rule.priority,
    read: (value) => wholeNumberIn(value, MIN_PRIORITY, MAX_PRIORITY),
    help: [{ syntax: 'priority:N', text: `an integer from ${MIN_PRIORITY} to ${MAX_PRIORITY} (smaller is higher)` }],
  },
  enabled: {
    key: 'enabled',
    cli: '--Enabled',
    rule: Rule.enabled,
    read: booleanWord,
    help: [{ syntax: 'enabled:true|false', text: '`yes`/`no` and `on`/`off` work too' }],
  },
  sessionIds: {
    key: 'id',
    cli: '--TrafficMirrorSessionIds',
    help: [{ syntax: 'id:TMS_ID[,TMS_ID…]', text: `these sessions; repeatable, up to ${MAX_SESSION_IDS} ids in all` }],
  },
  resourceGroupId: {
    key: 'rg',
    cli: '--ResourceGroupId',
    rule: Rule.rg,
    read: id('rg'),
    help: [{ syntax: 'rg:RG_ID', text: 'sessions in this resource group' }],
  },
} as const satisfies FilterTable;

export const FILTER_FIELDS = Object.keys(FILTERS) as FilterField[];

export const SCALAR_FIELDS = FILTER_FIELDS.filter(
  (field): field is ScalarField => field !== 'tags' && field !== 'sessionIds',
);

type FilterKey = (typeof FILTERS)[FilterField]['key'];

const SCALAR_BY_KEY = new Map<string, ScalarField>(SCALAR_FIELDS.map((field) => [FILTERS[field].key, field]));

/** The single-valued filter a key names, if it names one. */
export function scalarField(key: string): ScalarField | undefined {
  return SCALAR_BY_KEY.get(key);
}

/** The table entry of one scalar filter, typed by its field. */
export function scalarSpec<F extends ScalarField>(field: F): ScalarSpec<F> {
  const table: ScalarTable = FILTERS;
  return table[field];
}

/**
 * Terms that are not filters of ListTrafficMirrorSessions: the host is first resolved to its ENIs with ECS
 * DescribeNetworkInterfaces (the CLI flags below are that API's), then each ENI is looked up as a bare `eni-…`.
 */
export const HOST_TERMS = {
  ip: {
    key: 'ip',
    cli: '--PrivateIpAddress.1',
    help: [
      {
        syntax: 'ip:IP',
        text: 'sessions that mirror from or to any ENI holding this private IPv4 (primary or secondary); a bare `10.0.1.5` works too',
      },
    ],
  },
  instance: {
    key: 'i-…',
    cli: '--InstanceId',
    help: [{ syntax: 'i-INSTANCE_ID', text: 'sessions that mirror from or to any ENI of this ECS instance' }],
  },
} as const satisfies Record<'ip' | 'instance', FilterSpec>;

/**
 * Every key, in the order canonical text and chips use: the filters, `ip`, then `limit` (the page size) and `view`
 * (how the page is shown: a display option, which no API parameter or CLI flag carries).
 */
export const KEYS: readonly Key[] = [
  ...FILTER_FIELDS.map((field) => FILTERS[field].key),
  'ip',
  'limit',
  'view',
  'account',
];
/** `account:` picks which configured cloud account is asked (DESIGN, "Accounts, access and audit"). */
export type Key = FilterKey | 'ip' | 'limit' | 'view' | 'account';

export function isKey(word: string): word is Key {
  return (KEYS as readonly string[]).includes(word);
}
