/**
 * VPC ListTrafficMirrorFilters (2016-04-28): wire parameters and parsing. Its lists are flat like the sessions',
 * but wrapped shapes are read too, as everywhere else.
 */
import { isRecord } from '../guards';
import { asList, asNumber, asText } from './parse';
import type { PopParamValue } from './pop-client';

export const LIST_FILTERS = 'ListTrafficMirrorFilters';
export const FILTER_IDS_MAX = 100;

interface FilterRule {
  id: string;
  /** accept | drop */
  action: string;
  /** ALL | ICMP | TCP | UDP */
  protocol: string;
  sourceCidr: string;
  destinationCidr: string;
  /** "1/65535", as the API writes ranges; '' when not set (ALL, ICMP). */
  sourcePorts: string;
  destinationPorts: string;
  priority: number | undefined;
}

export interface MirrorFilter {
  id: string;
  name: string;
  status: string;
  ingress: FilterRule[];
  egress: FilterRule[];
}

export function filterParams(
  region: string,
  ids: readonly string[],
  nextToken?: string,
): Record<string, PopParamValue> {
  const params: Record<string, PopParamValue> = {
    RegionId: region,
    TrafficMirrorFilterIds: [...ids],
    MaxResults: FILTER_IDS_MAX,
  };
  if (nextToken !== undefined) params.NextToken = nextToken;
  return params;
}

function parseRule(raw: Record<string, unknown>): FilterRule {
  return {
    id: asText(raw.TrafficMirrorFilterRuleId),
    action: asText(raw.Action),
    protocol: asText(raw.Protocol),
    sourceCidr: asText(raw.SourceCidrBlock),
    destinationCidr: asText(raw.DestinationCidrBlock),
    sourcePorts: asText(raw.SourcePortRange),
    destinationPorts: asText(raw.DestinationPortRange),
    priority: asNumber(raw.Priority),
  };
}

/** Rules in priority order (smaller first), the order the service applies them. */
function rules(value: unknown): FilterRule[] {
  return asList(value)
    .filter(isRecord)
    .map(parseRule)
    .sort((a, b) => (a.priority ?? Number.MAX_SAFE_INTEGER) - (b.priority ?? Number.MAX_SAFE_INTEGER));
}

export function parseFilters(json: Record<string, unknown>): { items: MirrorFilter[]; nextToken: string | undefined } {
  const items = asList(json.TrafficMirrorFilters)
    .filter(isRecord)
    .map((raw) => ({
      id: asText(raw.TrafficMirrorFilterId),
      name: asText(raw.TrafficMirrorFilterName),
      status: asText(raw.TrafficMirrorFilterStatus),
      ingress: rules(raw.IngressRules),
      egress: rules(raw.EgressRules),
    }))
    .filter((filter) => filter.id !== '');
  const token = asText(json.NextToken).trim();
  return { items, nextToken: token === '' ? undefined : token };
}
