/**
 * The one shared Redis connection (ioredis). Commands never queue while Redis is away (`enableOfflineQueue: false`):
 * they fail at once and the caller falls back to in-process state, so a lost Redis costs cross-replica sharing,
 * never an answer. Reconnects forever with backoff capped at a few seconds. The log hears about a loss once and
 * about the recovery once; never a stack, never the URL (which may carry a password).
 */
import { Redis } from 'ioredis';
import type { Logger } from '../log';
import { type Backoff, cappedBackoff, worthLogging } from '../ops/backoff';
import type { ProbeStatus } from '../ops/readiness';

export interface RedisConnectionOptions {
  /** Every key starts with this (default `mirrors:`), so the bot can share a Redis with others. */
  prefix?: string;
  logger: Logger;
  backoff?: Backoff;
  /** A command that takes longer fails over to in-process state rather than hold a reply up. */
  commandTimeoutMs?: number;
}

export const DEGRADED_MESSAGE = 'Redis unreachable: degraded, using in-process state';
export const RECOVERED_MESSAGE = 'Redis reachable again: shared state restored';

export class RedisConnection {
  readonly client: Redis;
  readonly prefix: string;
  private up = false;
  /** Whether it has been up since start: before that a failure is "not reachable yet", after it a loss. */
  private everUp = false;
  private degradedLogged = false;
  private failures = 0;
  private problem = 'not connected yet';
  private readonly logger: Logger;

  constructor(url: string, options: RedisConnectionOptions) {
    this.prefix = options.prefix ?? 'mirrors:';
    this.logger = options.logger;
    const backoff = options.backoff ?? cappedBackoff();
    this.client = new Redis(url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2_000,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      // Never give up: a replica waits for Redis as long as it runs.
      retryStrategy: (times) => backoff.delayMs(times),
    });
    this.client.on('ready', () => this.onUp());
    // ioredis prints an unhandled 'error' event with its stack; handled here, it becomes one short line at most.
    this.client.on('error', (error: unknown) => this.onDown(errorCode(error)));
    this.client.on('close', () => this.onDown('connection closed'));
  }

  /** Connects in the background; failures are retried by ioredis and reported through health() and the log. */
  start(): void {
    this.client.connect().catch(() => undefined);
  }

  health(): ProbeStatus {
    return this.up ? { ready: true } : { ready: false, problem: `Redis: ${this.problem}` };
  }

  isUp(): boolean {
    return this.up;
  }

  key(name: string): string {
    return `${this.prefix}${name}`;
  }

  async stop(): Promise<void> {
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private onUp(): void {
    this.up = true;
    this.everUp = true;
    this.failures = 0;
    this.problem = '';
    this.logger.info(this.degradedLogged ? RECOVERED_MESSAGE : 'Redis connected', { prefix: this.prefix });
    this.degradedLogged = false;
  }

  private onDown(reason: string): void {
    // 'error' and 'close' both fire for one loss: count the attempt once.
    if (!this.up && reason === 'connection closed') return;
    this.up = false;
    this.problem = reason;
    this.failures += 1;
    if (!this.degradedLogged) {
      this.degradedLogged = true;
      this.logger.warn(DEGRADED_MESSAGE, { reason });
    } else if (!this.everUp && worthLogging(this.failures)) {
      this.logger.warn('Redis is not reachable yet: retrying', { reason, attempt: this.failures });
    }
  }
}

/** Node's error code (ECONNREFUSED, ENOTFOUND …) or the class name: never the message, which may quote the URL. */
function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    if ('code' in error && typeof error.code === 'string') return error.code;
    if (error instanceof Error) return error.name;
  }
  return 'unknown error';
}
