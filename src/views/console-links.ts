/**
 * Links into the Alibaba Cloud console for a session and what it touches. Pure: ids in, URLs out.
 *
 * Where each pattern comes from (checked in public sources; the console publishes no URL contract, so only patterns
 * seen in the wild are deep links, and everything else opens the region's list page):
 *
 * - Sessions and filters: Alibaba's own traffic-mirroring guide (help.aliyun.com, "流量镜像", console steps) links
 *   `https://vpc.console.aliyun.com/traffic-mirror/cn-hangzhou/sessions` and `…/traffic-mirror/cn-hangzhou/filters`.
 *   No source shows a per-session or per-filter page, so these open the region's list; the modal prints the id
 *   beside the link to paste into the list's search box.
 * - ENIs: `https://ecs.console.aliyun.com/networkInterfaces/region/{region}/detail/{eni}`, the template a public
 *   cloud-inventory project asserts in its tests (TestNetworkInterfaceConsoleLinkTemplate). Alibaba's ECS guide
 *   links the list page `…/networkInterfaces/region/cn-hangzhou`, the same path without `/detail/…`.
 * - SLB (CLB) instances: `https://slb.console.aliyun.com/slb/{region}/slbs/{lb}`, from Alibaba's SLB guides, which
 *   deep-link `…/slb/cn-hangzhou/slbs/lb-…/listeners/…` (the instance page is that path's parent).
 *
 * International-site accounts sign in at `*.console.alibabacloud.com`; the paths are the same, only the domain
 * differs, so the site is a parameter rather than a second set of patterns.
 */

export type ConsoleSite = 'aliyun' | 'alibabacloud';

const DEFAULT_CONSOLE_SITE: ConsoleSite = 'aliyun';

function host(product: 'vpc' | 'ecs' | 'slb', site: ConsoleSite): string {
  return `https://${product}.console.${site === 'aliyun' ? 'aliyun.com' : 'alibabacloud.com'}`;
}

// Ids and regions come from the cloud or from a button value: encode them so a stray `/`, `?` or `|` cannot change
// the path or break a mrkdwn link.
function segment(value: string): string {
  return encodeURIComponent(value);
}

/** The region's traffic mirror sessions (no per-session page is known; see above). */
export function sessionsConsoleUrl(region: string, site: ConsoleSite = DEFAULT_CONSOLE_SITE): string {
  return `${host('vpc', site)}/traffic-mirror/${segment(region)}/sessions`;
}

/** The region's traffic mirror filters (no per-filter page is known; see above). */
export function filtersConsoleUrl(region: string, site: ConsoleSite = DEFAULT_CONSOLE_SITE): string {
  return `${host('vpc', site)}/traffic-mirror/${segment(region)}/filters`;
}

export function eniConsoleUrl(region: string, eniId: string, site: ConsoleSite = DEFAULT_CONSOLE_SITE): string {
  return `${host('ecs', site)}/networkInterfaces/region/${segment(region)}/detail/${segment(eniId)}`;
}

export function slbConsoleUrl(region: string, lbId: string, site: ConsoleSite = DEFAULT_CONSOLE_SITE): string {
  return `${host('slb', site)}/slb/${segment(region)}/slbs/${segment(lbId)}`;
}

/**
 * A target is an ENI or an SLB instance. The id's prefix decides when the type is one we do not know, so a new
 * TrafficMirrorTargetType still gets a link when its id says what it is; anything else gets none.
 */
export function targetConsoleUrl(
  region: string,
  targetId: string,
  targetType: string,
  site: ConsoleSite = DEFAULT_CONSOLE_SITE,
): string | undefined {
  if (!targetId) return undefined;
  if (targetType === 'NetworkInterface' || targetId.startsWith('eni-')) return eniConsoleUrl(region, targetId, site);
  if (targetType === 'SLB' || targetId.startsWith('lb-')) return slbConsoleUrl(region, targetId, site);
  return undefined;
}

/** Every console link one session's details show. */
export interface SessionConsoleLinks {
  session: string;
  sources: Array<{ id: string; url: string }>;
  target: string | undefined;
  filter: string | undefined;
}

export function sessionConsoleLinks(
  region: string,
  session: { sourceIds: readonly string[]; targetId: string; targetType: string; filterId: string },
  site: ConsoleSite = DEFAULT_CONSOLE_SITE,
): SessionConsoleLinks {
  return {
    session: sessionsConsoleUrl(region, site),
    sources: session.sourceIds.map((id) => ({ id, url: eniConsoleUrl(region, id, site) })),
    target: targetConsoleUrl(region, session.targetId, session.targetType, site),
    filter: session.filterId ? filtersConsoleUrl(region, site) : undefined,
  };
}
