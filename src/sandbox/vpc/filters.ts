/**
 * VPC ListTrafficMirrorFilters (2016-04-28): flat arrays like ListTrafficMirrorSessions, the same MaxResults rule
 * (1 to 100, default 10) and the same IllegalParam.* codes.
 */
import type { ActionInput, ActionResult } from './ecs';
import { API_ERRORS, invalidParameter } from './errors';
import type { WireTrafficMirrorFilter } from './inventory';
import { DEFAULT_MAX_RESULTS, MAX_TAGS } from './list';
import { digestOf, indexedList, optional, tokenPage } from './params';

function cloneFilter(f: WireTrafficMirrorFilter): WireTrafficMirrorFilter {
  return {
    ...f,
    Tags: f.Tags.map((t) => ({ ...t })),
    IngressRules: f.IngressRules.map((r) => ({ ...r })),
    EgressRules: f.EgressRules.map((r) => ({ ...r })),
  };
}

export function listTrafficMirrorFilters(input: ActionInput, totalCountAsString: boolean): ActionResult {
  const { params, inventory } = input;
  const rawMax = params.get('MaxResults');
  let maxResults = DEFAULT_MAX_RESULTS;
  if (rawMax !== undefined) {
    const n = /^\d{1,3}$/.test(rawMax) ? Number(rawMax) : 0;
    if (n < 1 || n > 100) return { ok: false, error: API_ERRORS.maxResults };
    maxResults = n;
  }
  const ids = indexedList(params, 'TrafficMirrorFilterIds');
  if (!ids.ok) return ids;
  const name = optional(params, 'TrafficMirrorFilterName');
  const resourceGroupId = optional(params, 'ResourceGroupId');
  const tags: Array<{ key: string; value?: string }> = [];
  for (let n = 1; params.has(`Tags.${n}.Key`); n++) {
    if (n > MAX_TAGS)
      return { ok: false, error: invalidParameter(`The number of Tags exceeds the limit of ${MAX_TAGS}.`) };
    const key = params.get(`Tags.${n}.Key`) ?? '';
    const value = params.get(`Tags.${n}.Value`);
    tags.push(value === undefined ? { key } : { key, value });
  }

  const matching = inventory.filters.filter(
    (f) =>
      (ids.value === undefined || ids.value.includes(f.TrafficMirrorFilterId)) &&
      (name === undefined || f.TrafficMirrorFilterName === name) &&
      (resourceGroupId === undefined || f.ResourceGroupId === resourceGroupId) &&
      tags.every((t) => f.Tags.some((ft) => ft.Key === t.key && (t.value === undefined || ft.Value === t.value))),
  );
  const digest = digestOf(input.action, input.region, {
    ids: ids.value === undefined ? null : [...ids.value].sort(),
    name: name ?? null,
    resourceGroupId: resourceGroupId ?? null,
    tags,
  });
  const page = tokenPage(matching, digest, maxResults, optional(params, 'NextToken'), input.tokens);
  if (!page.ok) return page;
  return {
    ok: true,
    value: {
      NextToken: page.value.nextToken,
      TotalCount: totalCountAsString ? String(matching.length) : matching.length,
      TrafficMirrorFilters: page.value.items.map(cloneFilter),
    },
  };
}
