/**
 * Retries with full-jitter exponential backoff under one total time budget.
 *
 * - Each attempt is a fresh call (pop-core builds a fresh nonce and timestamp per `request()`).
 * - Each attempt has its own deadline: min(attemptTimeoutMs, what is left of the budget). When it passes, the
 *   attempt's signal aborts the HTTP request.
 * - Only failures `classifyFailure` calls retryable are retried (throttling, 5xx, non-JSON, network, timeout, a
 *   used nonce). A throttled answer's `x-acs-retry-after` sets the wait when it fits the budget.
 * - When the budget cannot fit another wait plus a useful attempt, the last failure is thrown as a CloudError
 *   (Timeout when the last attempt ran out of time).
 * - With a limiter, each attempt first waits for a slot of the process-wide cap. The wait counts toward the budget
 *   (not toward the attempt's own timeout, which starts with the slot); a request whose budget runs out in line
 *   ends as a Timeout without ever reaching the API.
 * - Clock, sleep and randomness are injectable so tests are fast and deterministic.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../log';
import { metrics } from '../ops/metrics';
import { CloudError, CloudErrorCode } from './errors';
import type { Limiter } from './limiter';
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
  /** Caps the attempts in flight at once, across every request that shares it. */
  limiter?: Limiter;
}

export interface RetryResult<T> {
  value: T;
  attempts: number;
}

function backoff(policy: RetryPolicy, timing: Timing, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(timing.random() * ceiling);
}

function cancelled(region: string, attempts: number, api = 'VPC API'): CloudError {
  return new CloudError(CloudErrorCode.Timeout, `The request for ${region} was cancelled before the ${api} answered.`, {
    region,
    attempts,
  });
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

function outOfTimeInLine(region: string, attempts: number): CloudError {
  return new CloudError(CloudErrorCode.Timeout, `The VPC API in ${region} did not answer in time.`, {
    region,
    attempts,
  });
}

export async function withRetry<T>(
  run: (ctx: AttemptContext) => Promise<T>,
  options: RetryOptions,
): Promise<RetryResult<T>> {
  const { policy, timing, logger, context, operation, signal, limiter } = options;
  const { region } = context;
  const deadline = timing.now() + policy.budgetMs;
  let last: { failure: Failure; error: unknown; attempts: number } | undefined;

  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw cancelled(region, attempt - 1, context.operation?.api);
    const remaining = deadline - timing.now();
    if (last && remaining < policy.minAttemptMs) break;
    let granted = limiter === undefined;
    let tooLate = false;
    // Set when the slot is granted: time spent in line is not the wire's latency.
    let started = performance.now();
    // The attempt's own clock starts when it gets its slot, with whatever the budget has left by then.
    const attemptNow = (): Promise<T> => {
      const left = deadline - timing.now();
      // A slot that comes too late for a useful attempt (the time went by in line) is passed on rather than spent
      // on an answer nobody would read. A budget that was short from the start still gets its attempt.
      if (limiter && left < policy.minAttemptMs && remaining >= policy.minAttemptMs) {
        tooLate = true;
        throw outOfTimeInLine(region, attempt - 1);
      }
      started = performance.now();
      return runAttempt(run, attempt, Math.max(1, Math.min(policy.attemptTimeoutMs, left)), signal);
    };
    try {
      const value = limiter
        ? await limiter.run(
            () => {
              granted = true;
              return attemptNow();
            },
            AbortSignal.any([...(signal ? [signal] : []), AbortSignal.timeout(Math.ceil(Math.max(1, remaining)))]),
          )
        : await attemptNow();
      observeCall(region, operation, 'ok', started);
      return { value, attempts: attempt };
    } catch (error: unknown) {
      if (signal?.aborted) throw cancelled(region, attempt - (granted ? 0 : 1), context.operation?.api);
      if (!granted || tooLate) {
        // Out of time in line: a retry reports what went wrong before it; a first attempt, that time ran out.
        if (last) break;
        throw outOfTimeInLine(region, attempt - 1);
      }
      const failure = classifyFailure(error, context);
      observeCall(region, operation, failure.apiCode ?? failure.code, started);
      last = { failure, error, attempts: attempt };
      const canRetry = failure.retryable && attempt < policy.maxAttempts;
      // The API's own `x-acs-retry-after` wins over our guess, as in the official SDK; the budget still caps it.
      const delayMs = canRetry ? (failure.retryAfterMs ?? backoff(policy, timing, attempt)) : 0;
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
        throw cancelled(region, attempt, context.operation?.api);
      }
    }
  }

  // Out of attempts or out of budget: report the last failure (Timeout if that attempt ran out of time).
  if (!last)
    throw new CloudError(
      CloudErrorCode.Timeout,
      `The ${context.operation?.api ?? 'VPC API'} in ${region} did not answer in time.`,
      {
        region,
        attempts: 0,
      },
    );
  const existing = last.error instanceof CloudError ? last.error : undefined;
  throw failureToCloudError(last.failure, region, last.attempts, existing, context.operation);
}
