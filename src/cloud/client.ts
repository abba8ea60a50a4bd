/**
 * One call: ListTrafficMirrorSessions, one page. Builds the wire parameters (the API's names live here and only
 * here), runs the call under the retry policy and parses the answer.
 */
import type { Logger } from '../log';
import type { FilterField } from '../query/filters';
import type { SessionFilters } from '../query/types';
import { CloudError, CloudErrorCode } from './errors';
import type { Limiter } from './limiter';
import { LIST_ACTION } from './map-error';
import { parseSessionPage } from './parse';
import type { HttpMethod, PopClient, PopParamValue } from './pop-client';
import { type RetryPolicy, type Timing, withRetry } from './retry';
import type { PageRequest, SessionPage } from './types';

export const VPC_API_VERSION = '2016-04-28';
export const MAX_PAGE_SIZE = 100;

/** 'auto': GET, unless the query string would be long (100 ids and 20 long tags), then POST with a form body. */
export type MethodSetting = HttpMethod | 'auto';
const AUTO_POST_THRESHOLD = 6_000;

/** The request parameters for one page, undefined and empty values dropped (pop-core would send "undefined"). */
export function toWireParams(request: PageRequest): Record<string, PopParamValue> {
  const { region, filters, maxResults, nextToken } = request;
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
    throw new CloudError(CloudErrorCode.InvalidParameter, `Page size must be an integer from 1 to ${MAX_PAGE_SIZE}.`, {
      region,
    });
  }
  const params: Record<string, PopParamValue> = { RegionId: region, MaxResults: maxResults };
  if (nextToken !== undefined && nextToken !== '') params.NextToken = nextToken;
  Object.assign(params, filterParams(filters));
  return params;
}

/** Each filter's request parameter. Keyed by the query's own fields, so a new filter needs its wire name here. */
export const WIRE_NAMES: Record<FilterField, string> = {
  tags: 'Tags',
  name: 'TrafficMirrorSessionName',
  sourceId: 'TrafficMirrorSourceId',
  targetId: 'TrafficMirrorTargetId',
  filterId: 'TrafficMirrorFilterId',
  vni: 'VirtualNetworkId',
  priority: 'Priority',
  enabled: 'Enabled',
  sessionIds: 'TrafficMirrorSessionIds',
  resourceGroupId: 'ResourceGroupId',
};

function filterParams(filters: SessionFilters): Record<string, PopParamValue> {
  const params: Record<string, PopParamValue> = {};
  for (const [field, name] of Object.entries(WIRE_NAMES) as [FilterField, string][]) {
    const value = filters[field];
    if (field === 'tags') {
      // Nested keys keep their case in pop-core's flattening: Tags.1.Key / Tags.1.Value. No Value = "has this key".
      if (filters.tags.length > 0) {
        params[name] = filters.tags.map(
          (tag): Record<string, string> =>
            tag.value === undefined ? { Key: tag.key } : { Key: tag.key, Value: tag.value },
        );
      }
    } else if (field === 'sessionIds') {
      if (filters.sessionIds.length > 0) params[name] = [...filters.sessionIds];
    } else if (typeof value === 'string') {
      if (value !== '') params[name] = value;
    } else if (typeof value === 'number') {
      if (Number.isFinite(value)) params[name] = value;
    } else if (typeof value === 'boolean') {
      params[name] = value;
    }
  }
  return params;
}

/** Rough length of the encoded query string pop-core would build (without the common parameters). */
function estimateQueryLength(params: Record<string, PopParamValue>): number {
  let length = 0;
  const add = (key: string, value: string | number | boolean): void => {
    length += encodeURIComponent(key).length + encodeURIComponent(String(value)).length + 2;
  };
  for (const [key, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      value.forEach((item: unknown, index: number) => {
        if (typeof item === 'string') add(`${key}.${index + 1}`, item);
        else if (typeof item === 'object' && item !== null) {
          for (const [sub, subValue] of Object.entries(item)) add(`${key}.${index + 1}.${sub}`, String(subValue));
        }
      });
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      add(key, value);
    }
  }
  return length;
}

export function chooseMethod(setting: MethodSetting, params: Record<string, PopParamValue>): HttpMethod {
  if (setting !== 'auto') return setting;
  return estimateQueryLength(params) > AUTO_POST_THRESHOLD ? 'POST' : 'GET';
}

export interface ListCallOptions {
  policy: RetryPolicy;
  timing: Timing;
  logger: Logger;
  method: MethodSetting;
  /** Whether the endpoint's host was built from the region (DNS "not found" → UnknownRegion). */
  hostNamesRegion: boolean;
  /** The process-wide cap every attempt waits for (vpc-service.ts). */
  limiter?: Limiter;
}

/** One page of ListTrafficMirrorSessions, with retries; failures are CloudErrors. */
export async function listSessionsPage(
  client: PopClient,
  request: PageRequest,
  options: ListCallOptions,
  signal?: AbortSignal,
): Promise<SessionPage> {
  const params = toWireParams(request);
  const method = chooseMethod(options.method, params);
  const { value: response, attempts } = await withRetry(
    ({ timeoutMs, signal: attemptSignal }) =>
      client.request(LIST_ACTION, params, { method, timeoutMs, signal: attemptSignal }),
    {
      policy: options.policy,
      timing: options.timing,
      logger: options.logger,
      context: { region: request.region, hostNamesRegion: options.hostNamesRegion },
      operation: LIST_ACTION,
      ...(signal ? { signal } : {}),
      ...(options.limiter ? { limiter: options.limiter } : {}),
    },
  );
  const page = parseSessionPage(response.json, request.region, response.requestId);
  options.logger.debug(`${LIST_ACTION} ok`, {
    region: request.region,
    requestId: page.requestId,
    attempts,
    sessions: page.sessions.length,
    more: page.nextToken !== undefined,
  });
  return page;
}
