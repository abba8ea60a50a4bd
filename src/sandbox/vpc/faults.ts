/**
 * Faults on demand. Each pushed fault answers the next `times` matching API requests (default 1), in push order.
 * A request matches a fault when every one it names of region (the request's RegionId) and action (its Action)
 * is the request's. Faults apply to correctly signed API requests only, so a fault is never spent on a request the
 * stand-in would reject anyway. A RAM denial of one action only: `{ kind: 'forbidden', action:
 * 'DescribeNetworkInterfaces', times: 1000000 }`.
 */

const FAULT_KINDS = ['throttle', '503', '500', 'html502', 'hang', 'latency', 'forbidden'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** For `forbidden`: which kind of policy denies. `implicit` (default): nothing grants it, so granting fixes it. */
const DENY_KINDS = ['implicit', 'explicit', 'control-policy'] as const;
export type DenyKind = (typeof DENY_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** How many matching requests this fault answers. Default 1. */
  times?: number;
  /** For `latency`: how long to wait before answering normally. Default 1000. */
  ms?: number;
  /** Only requests for this RegionId. Default: any region. */
  region?: string;
  /** Only requests for this Action, such as DescribeNetworkInterfaces. Default: any action. */
  action?: string;
  /** For `forbidden`. Default implicit. */
  deny?: DenyKind;
}

export interface PendingFault {
  readonly kind: FaultKind;
  readonly remaining: number;
  readonly ms?: number;
  readonly region?: string;
  readonly action?: string;
  readonly deny?: DenyKind;
}

type QueuedFault = {
  kind: FaultKind;
  remaining: number;
  ms?: number;
  region?: string;
  action?: string;
  deny?: DenyKind;
};

export class FaultQueue {
  private readonly queue: QueuedFault[] = [];

  /** Queues one or more faults. Throws a TypeError on a malformed fault. */
  push(...faults: Fault[]): void {
    const parsed = faults.map(parseFault);
    for (const fault of parsed) this.queue.push(fault);
  }

  clear(): void {
    this.queue.length = 0;
  }

  get size(): number {
    return this.queue.length;
  }

  pending(): PendingFault[] {
    return this.queue.map((f) => ({ ...f }));
  }

  /** Takes one use of the first fault that matches this region and action, or undefined. */
  take(region: string | undefined, action?: string): PendingFault | undefined {
    const index = this.queue.findIndex(
      (f) => (f.region === undefined || f.region === region) && (f.action === undefined || f.action === action),
    );
    if (index < 0) return undefined;
    const fault = this.queue[index];
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.queue.splice(index, 1);
    return { ...fault, remaining: Math.max(0, fault.remaining) };
  }
}

function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

/** Validates a fault coming from code or from JSON over HTTP. */
function parseFault(input: unknown): QueuedFault {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new TypeError('A fault is an object with a "kind".');
  const record = input as Record<string, unknown>;
  const { kind, times, ms, region, action, deny } = record;
  if (!isFaultKind(kind))
    throw new TypeError(`Unknown fault kind ${JSON.stringify(kind)}; expected one of ${FAULT_KINDS.join(', ')}.`);
  if (
    times !== undefined &&
    (typeof times !== 'number' || !Number.isInteger(times) || times < 1 || times > 1_000_000)
  ) {
    throw new TypeError('"times" must be an integer from 1 to 1000000.');
  }
  if (ms !== undefined && (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0 || ms > 600_000)) {
    throw new TypeError('"ms" must be an integer from 0 to 600000.');
  }
  if (region !== undefined && (typeof region !== 'string' || region === ''))
    throw new TypeError('"region" must be a non-empty string.');
  if (action !== undefined && (typeof action !== 'string' || !/^[A-Za-z]{1,64}$/.test(action)))
    throw new TypeError('"action" must be an API action name, such as DescribeNetworkInterfaces.');
  if (deny !== undefined && (kind !== 'forbidden' || !(DENY_KINDS as readonly unknown[]).includes(deny)))
    throw new TypeError(`"deny" goes with kind "forbidden" and is one of ${DENY_KINDS.join(', ')}.`);
  const fault: QueuedFault = { kind, remaining: times ?? 1 };
  if (kind === 'latency') fault.ms = ms ?? 1000;
  else if (ms !== undefined) fault.ms = ms;
  if (region !== undefined) fault.region = region;
  if (action !== undefined) fault.action = action;
  if (deny !== undefined) fault.deny = deny as DenyKind;
  return fault;
}

/** nginx's own 502 page, as a proxy in front of an API answers when the upstream fails. */
export const NGINX_502_HTML = [
  '<html>',
  '<head><title>502 Bad Gateway</title></head>',
  '<body>',
  '<center><h1>502 Bad Gateway</h1></center>',
  '<hr><center>nginx</center>',
  '</body>',
  '</html>',
  '',
].join('\r\n');
