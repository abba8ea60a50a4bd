/**
 * Retries with full-jitter exponential backoff under one total time budget.
 *
 * - Each attempt is a fresh call (pop-core builds a fresh nonce and timestamp per `request()`).
 * - Each attempt has its own deadline: min(attemptTimeoutMs, what is left of the budget). When it passes, the
 *   attempt's signal aborts the HTTP request.
 * - Only failures `classifyFailure` calls retryable are retried (throttling, 5xx, non-JSON, network, timeout).
 * - When the budget cannot fit another wait plus a useful attempt, the last failure is thrown as a CloudError
 *   (Timeout when the last attempt ran out of time).
 * - Clock, sleep and randomness are injectable so tests are fast and deterministic.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../log';
import { metrics } from '../ops/metrics';
import { CloudError, CloudErrorCode } from './errors';
import { classifyFailure, type Failure, type FailureContext, failureToCloudError } from './map-error';

export interface Timing {
  /** Milliseconds, monotonic enough for budgets. */
  now(): number;
  /** Resolves after `ms`, or rejects early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** In [0, 1). */
  random(): number;
}

/** Rejects with an AbortError when `signal` aborts, before or during the wait. */
function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, undefined, signal ? { signal } : {});
}

export const realTiming: Timing = {
  now: () => performance.now(),
  sleep: realSleep,
  random: () => Math.random(),
};

export interface RetryPolicy {
  /** Total time for all attempts and waits. A user should hear back within 15 s, so 12 s by default. */
  budgetMs: number;
  /** Per attempt (connect + read). pop-core's 3000 ms default is too low for 100-session pages. */
  attemptTimeoutMs: number;
  /** Backoff: the n-th wait is random() * min(maxDelayMs, baseDelayMs * 2^(n-1)) (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Hard cap on attempts, whatever the budget. */
  maxAttempts: number;
  /** No retry is started with less time than this left. */
  minAttemptMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  budgetMs: 12_000,
  attemptTimeoutMs: 8_000,
  baseDelayMs: 300,
  maxDelayMs: 3_000,
  maxAttempts: 5,
  minAttemptMs: 500,
});

export interface AttemptContext {
  /** 1-based. */
  attempt: number;
  timeoutMs: number;
  /** Aborts at the attempt's deadline or when the caller's signal aborts. */
  signal: AbortSignal;
}

export interface RetryOptions {
  policy: RetryPolicy;
  timing: Timing;
  logger: Logger;
  context: FailureContext;
  /** The operation's name for log lines. */
  operation: string;
  signal?: AbortSignal;
}

export interface RetryResult<T> {
  value: T;
  attempts: number;
}

function backoff(policy: RetryPolicy, timing: Timing, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(timing.random() * ceiling);
}

function cancelled(region: string, attempts: number): CloudError {
  return new CloudError(
    CloudErrorCode.Timeout,
    `The request for ${region} was cancelled before the VPC API answered.`,
    {
      region,
      attempts,
    },
  );
}

function runAttempt<T>(
  run: (ctx: AttemptContext) => Promise<T>,
  attempt: number,
  timeoutMs: number,
  outer?: AbortSignal,
): Promise<T> {
  // AbortSignal.timeout takes whole milliseconds only.
  const deadline = AbortSignal.timeout(Math.ceil(timeoutMs));
  const signal = outer ? AbortSignal.any([outer, deadline]) : deadline;
  return run({ attempt, timeoutMs, signal });
}

/** Real time, not `timing`: tests may fake the clock, the latency histogram always measures the wire. */
function observeCall(region: string, api: string, code: string, started: number): void {
  metrics.cloudCalls.inc({ region, api, code });
  metrics.cloudCallSeconds.observe({ region, api }, (performance.now() - started) / 1000);
}

export async function withRetry<T>(
  run: (ctx: AttemptContext) => Promise<T>,
  options: RetryOptions,
): Promise<RetryResult<T>> {
  const { policy, timing, logger, context, operation, signal } = options;
  const { region } = context;
  const deadline = timing.now() + policy.budgetMs;
  let last: { failure: Failure; error: unknown; attempts: number } | undefined;

  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw cancelled(region, attempt - 1);
    const remaining = deadline - timing.now();
    if (last && remaining < policy.minAttemptMs) break;
    const timeoutMs = Math.max(1, Math.min(policy.attemptTimeoutMs, remaining));
    const started = performance.now();
    try {
      const value = await runAttempt(run, attempt, timeoutMs, signal);
      observeCall(region, operation, 'ok', started);
      return { value, attempts: attempt };
    } catch (error: unknown) {
      if (signal?.aborted) throw cancelled(region, attempt);
      const failure = classifyFailure(error, context);
      observeCall(region, operation, failure.apiCode ?? failure.code, started);
      last = { failure, error, attempts: attempt };
      const canRetry = failure.retryable && attempt < policy.maxAttempts;
      const delayMs = canRetry ? backoff(policy, timing, attempt) : 0;
      const fits = canRetry && timing.now() + delayMs + policy.minAttemptMs <= deadline;
      logger.warn(`${operation} attempt failed`, {
        operation,
        region,
        attempt,
        code: failure.code,
        apiCode: failure.apiCode,
        requestId: failure.requestId,
        httpStatus: failure.httpStatus,
        errorCode: failure.errorCode,
        retry: fits,
        ...(fits ? { delayMs } : {}),
      });
      if (!fits) break;
      metrics.cloudRetries.inc({ region, api: operation });
      try {
        await timing.sleep(delayMs, signal);
      } catch {
        throw cancelled(region, attempt);
      }
    }
  }

  // Out of attempts or out of budget: report the last failure (Timeout if that attempt ran out of time).
  if (!last)
    throw new CloudError(CloudErrorCode.Timeout, `The VPC API in ${region} did not answer in time.`, {
      region,
      attempts: 0,
    });
  const existing = last.error instanceof CloudError ? last.error : undefined;
  throw failureToCloudError(last.failure, region, last.attempts, existing);
}
