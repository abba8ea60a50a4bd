/**
 * "Which sessions touch this host?" for an IP or an instance, in one region: ECS resolves the host to its ENIs,
 * then each ENI is looked up as source and as target (as a bare ENI is), all streams at once, merged by session
 * id. Instance names are read beside the session lists, not before them, so the answer costs two round trips.
 * Per region on purpose: a lookup across regions runs this once per region.
 */
import type { HostTerm, SessionFilters } from '../query/types';
import type { Instance } from './ecs';
import type { EniRole } from './eni-lookup';
import { type CloudError, toCloudError } from './errors';
import type { HostResolution, InventorySource } from './inventory';
import { listAllSessions } from './scan';
import type { MirrorSession, SessionSource } from './types';

export interface HostRequest {
  region: string;
  host: HostTerm;
  filters: SessionFilters;
  account?: string;
}

export interface HostLookup {
  resolution: HostResolution;
  /** The instances of the ENIs, when DescribeInstances could say; empty otherwise. */
  instances: Instance[];
  /** Why there are no instance names (RAM said no, the API failed): the answer goes on with ids. */
  instancesError: CloudError | undefined;
  /** Every matching session of every ENI, source-stream sessions first. */
  sessions: MirrorSession[];
  roles: Map<string, EniRole>;
  sourceCount: number;
  targetCount: number;
}

/** Pages per stream: an ENI is the source of a few sessions and the target of at most some hundreds. */
const MAX_PAGES = 10;

export async function lookUpHost(
  sessions: SessionSource,
  inventory: InventorySource,
  request: HostRequest,
  signal?: AbortSignal,
): Promise<HostLookup> {
  const { region, host, filters } = request;
  const resolution = await inventory.resolveHost(region, host, signal, request.account);
  const empty = { sessions: [], roles: new Map<string, EniRole>(), sourceCount: 0, targetCount: 0 };
  if (resolution.enis.length === 0) return { resolution, instances: [], instancesError: undefined, ...empty };

  // One stream failing makes the merged answer wrong ("not mirrored"): stop the others, fail the lookup.
  const sibling = new AbortController();
  const both = signal ? AbortSignal.any([signal, sibling.signal]) : sibling.signal;
  const stream = async (role: 'source' | 'target', eni: string) => {
    try {
      const found = await listAllSessions(
        sessions,
        region,
        role === 'source' ? { ...filters, sourceId: eni } : { ...filters, targetId: eni },
        both,
        { maxPages: MAX_PAGES },
      );
      return { role, found };
    } catch (error) {
      sibling.abort();
      throw error;
    }
  };
  const instanceIds = resolution.enis.map((eni) => eni.instanceId).filter((id) => id !== '');
  const names = instanceIds.length
    ? inventory.instances(region, instanceIds, signal).then(
        (instances) => ({ instances, error: undefined }),
        (error: unknown) => ({ instances: [], error: toCloudError(error, region) }),
      )
    : Promise.resolve({ instances: [], error: undefined });
  const streams = Promise.all(resolution.enis.flatMap((eni) => [stream('source', eni.id), stream('target', eni.id)]));
  const [named, lists] = await Promise.all([names, streams]);
  return { resolution, instances: named.instances, instancesError: named.error, ...merge(lists) };
}

function merge(lists: ReadonlyArray<{ role: 'source' | 'target'; found: MirrorSession[] }>) {
  const byId = new Map<string, MirrorSession>();
  const roles = new Map<string, EniRole>();
  const anonymous: MirrorSession[] = [];
  // Sources first, whatever order the streams came back in: the list reads "from" before "to".
  const ordered = [...lists.filter((l) => l.role === 'source'), ...lists.filter((l) => l.role === 'target')];
  for (const { role, found } of ordered) {
    for (const session of found) {
      if (session.id === '') {
        anonymous.push(session);
        continue;
      }
      if (!byId.has(session.id)) byId.set(session.id, session);
      const before = roles.get(session.id);
      roles.set(session.id, before === undefined || before === role ? role : 'both');
    }
  }
  let sourceCount = 0;
  let targetCount = 0;
  for (const role of roles.values()) {
    if (role !== 'target') sourceCount += 1;
    if (role !== 'source') targetCount += 1;
  }
  return { sessions: [...byId.values(), ...anonymous], roles, sourceCount, targetCount };
}
