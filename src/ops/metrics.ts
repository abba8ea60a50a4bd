/**
 * The Prometheus series of DESIGN's "Many replicas", on one registry per process (prom-client keeps process-wide
 * state for default metrics, so a second registry would only duplicate them). Every name starts with `mirrors_`.
 * Labels take values from small closed sets (surfaces, outcomes, region ids, API names, error codes) so a series
 * count never grows with users or queries.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'mirrors_' });

/** Seconds: from a few ms (a cached page) to the 15 s a user waits at most. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15];

export const metrics = {
  requests: new Counter({
    name: 'mirrors_requests_total',
    help: 'Requests from Slack by surface (command, action, view, shortcut, event) and outcome (ok, error)',
    labelNames: ['surface', 'outcome'] as const,
    registers: [registry],
  }),
  cloudCalls: new Counter({
    name: 'mirrors_cloud_calls_total',
    help: 'Alibaba Cloud API attempts by region, API and result code (ok or the error code)',
    labelNames: ['region', 'api', 'code'] as const,
    registers: [registry],
  }),
  cloudCallSeconds: new Histogram({
    name: 'mirrors_cloud_call_seconds',
    help: 'Latency of one Alibaba Cloud API attempt',
    labelNames: ['region', 'api'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  cloudRetries: new Counter({
    name: 'mirrors_cloud_retries_total',
    help: 'Alibaba Cloud API attempts that were retried after a failure',
    labelNames: ['region', 'api'] as const,
    registers: [registry],
  }),
  cacheHits: new Counter({
    name: 'mirrors_cache_hits_total',
    help: 'Lookups answered from a cache, by cache',
    labelNames: ['cache'] as const,
    registers: [registry],
  }),
  cacheMisses: new Counter({
    name: 'mirrors_cache_misses_total',
    help: 'Lookups a cache could not answer, by cache',
    labelNames: ['cache'] as const,
    registers: [registry],
  }),
  placeholderSeconds: new Histogram({
    name: 'mirrors_placeholder_seconds',
    help: 'From a request arriving to its acknowledgement (what Slack shows first)',
    labelNames: ['surface'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
  replySeconds: new Histogram({
    name: 'mirrors_reply_seconds',
    help: 'From a request arriving to its listener finishing (the answer posted)',
    labelNames: ['surface'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  }),
};

export type Surface = 'command' | 'action' | 'view' | 'shortcut' | 'event' | 'options' | 'other';

/** The surface of a Slack request body, read without trusting its shape. */
export function surfaceOf(body: unknown): Surface {
  if (typeof body !== 'object' || body === null) return 'other';
  if ('command' in body && typeof body.command === 'string') return 'command';
  const type = 'type' in body ? body.type : undefined;
  switch (type) {
    case 'block_actions':
    case 'interactive_message':
      return 'action';
    case 'view_submission':
    case 'view_closed':
      return 'view';
    case 'shortcut':
    case 'message_action':
      return 'shortcut';
    case 'event_callback':
      return 'event';
    case 'block_suggestion':
      return 'options';
    default:
      return 'other';
  }
}
