/**
 * What Details adds to a session: each ENI's instance, IP and vSwitch, and the filter's rules. Read beside each
 * other (ENIs then their instances, in parallel with the filter). Never fails: a refused read is named by its RAM
 * action so the view can say which permission adds the rest; any other failure leaves the ids alone.
 */
import type { Logger } from '../log';
import type { Instance, NetworkInterface } from './ecs';
import { CloudErrorCode, LOOKUP_RAM_ACTIONS, toCloudError } from './errors';
import type { InventorySource } from './inventory';
import type { MirrorFilter } from './mirror-filters';
import type { MirrorSession } from './types';

export interface SessionContext {
  /** The ENIs DescribeNetworkInterfaces knows, by id. */
  enis: ReadonlyMap<string, NetworkInterface>;
  /** True when the ENIs were read: an id absent from `enis` then no longer exists. */
  enisRead: boolean;
  instances: ReadonlyMap<string, Instance>;
  /** Undefined when not read, or when the filter no longer exists (then `filterRead` is true). */
  filter: MirrorFilter | undefined;
  filterRead: boolean;
  /** RAM actions that were refused, in the order the view names them. */
  denied: string[];
  /** Some read failed for another reason (time, throttling): the view says the extras are incomplete. */
  incomplete: boolean;
}

/** The session's ENIs: its sources, and its target when that is an ENI rather than an SLB. */
function sessionEniIds(session: MirrorSession): string[] {
  const ids = [...session.sourceIds];
  if (session.targetId.startsWith('eni-') && !ids.includes(session.targetId)) ids.push(session.targetId);
  return ids;
}

export async function readSessionContext(
  inventory: InventorySource,
  region: string,
  session: MirrorSession,
  logger: Logger,
  signal?: AbortSignal,
): Promise<SessionContext> {
  const denied = new Set<string>();
  let incomplete = false;
  const settle = async <T>(what: string, read: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await read();
    } catch (thrown) {
      const error = toCloudError(thrown, region);
      if (error.code === CloudErrorCode.PermissionDenied) denied.add(error.details.action ?? what);
      else incomplete = true;
      logger.warn('details: an optional read failed', { what, code: error.code, ...error.details });
      return undefined;
    }
  };

  const eniIds = sessionEniIds(session);
  const readEnis = async () => {
    if (eniIds.length === 0) return { enis: undefined, instances: undefined };
    const enis = await settle(LOOKUP_RAM_ACTIONS.enis, () => inventory.networkInterfaces(region, eniIds, signal));
    const instanceIds = [...new Set((enis ?? []).map((eni) => eni.instanceId).filter((id) => id !== ''))];
    const instances =
      instanceIds.length > 0
        ? await settle(LOOKUP_RAM_ACTIONS.instances, () => inventory.instances(region, instanceIds, signal))
        : [];
    return { enis, instances };
  };
  const readFilter = () =>
    session.filterId
      ? settle(LOOKUP_RAM_ACTIONS.filters, () => inventory.filters(region, [session.filterId], signal))
      : Promise.resolve(undefined);

  const [{ enis, instances }, filters] = await Promise.all([readEnis(), readFilter()]);
  const order = Object.values(LOOKUP_RAM_ACTIONS) as string[];
  return {
    enis: new Map((enis ?? []).map((eni) => [eni.id, eni])),
    enisRead: enis !== undefined,
    instances: new Map((instances ?? []).map((instance) => [instance.id, instance])),
    filter: filters?.find((filter) => filter.id === session.filterId),
    filterRead: filters !== undefined,
    denied: [...denied].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
    incomplete,
  };
}
