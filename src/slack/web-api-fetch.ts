/**
 * The fetch the WebClient calls the Web API through, with the retry policy the WebClient's own cannot give: its
 * retries pause one queue for every method (a 30 s Retry-After on chat.postMessage held every views.open and every
 * user's reply for 30 s) and repeat posts whose first copy may already have landed. So the WebClient runs with
 * `retries: 0` and `rejectRateLimitedCalls`, and this wrapper retries per call:
 * - a 429 waits out its Retry-After for that method alone, and only while the wait fits the call's budget; later
 *   calls of the same method wait for the same moment, other methods never wait;
 * - a 5xx (Slack answered, so nothing was done) is tried again;
 * - a connection that failed or timed out after the request went out is tried again only for methods whose repeat
 *   does no harm; a post is handed back to its caller, which checks whether it landed (delivery.ts).
 * Anything that is not a Web API call (a response_url) passes straight through.
 */

/** A call gets this long in all, waits included: within the reply budget, and a trigger_id lapses long before. */
const CALL_BUDGET_MS = 8_000;
const ATTEMPT_TIMEOUT_MS = 5_000;
const MAX_ATTEMPTS = 3;
const BACKOFF_MS = [300, 1_000];

/** Repeating these after an unknown outcome could show something twice. */
const NOT_REPEATABLE = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.meMessage', 'chat.scheduleMessage']);

export interface WebApiFetchOptions {
  fetch?: typeof fetch;
  budgetMs?: number;
  attemptTimeoutMs?: number;
}

function methodOf(url: string): string | undefined {
  const match = /\/api\/([A-Za-z]+(?:\.[A-Za-z]+)+)$/.exec(new URL(url).pathname);
  return match?.[1];
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

/** A fetch for `clientOptions.fetch`. Each App gets its own, so one app's rate limits never reach another's. */
export function webApiFetch(options: WebApiFetchOptions = {}): typeof fetch {
  const base = options.fetch ?? globalThis.fetch;
  const budgetMs = options.budgetMs ?? CALL_BUDGET_MS;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? ATTEMPT_TIMEOUT_MS;
  // When each method may be called again after a 429: Slack limits per method, so the pause is per method too.
  const pausedUntil = new Map<string, number>();

  return async (input, init) => {
    const url = urlOf(input);
    const method = methodOf(url);
    if (method === undefined) return base(input, init);
    const deadline = Date.now() + budgetMs;
    const outer = init?.signal ?? undefined;

    for (let attempt = 1; ; attempt++) {
      const paused = (pausedUntil.get(method) ?? 0) - Date.now();
      if (paused > 0) {
        // Asking now would only earn another 429; past the budget, the caller hears "rate limited" at once.
        if (Date.now() + paused > deadline) return rateLimited(paused);
        await sleep(paused, outer);
      }
      const remaining = deadline - Date.now();
      const signal = AbortSignal.any([
        AbortSignal.timeout(Math.max(1, Math.min(attemptTimeoutMs, remaining))),
        ...(outer ? [outer] : []),
      ]);
      let response: Response;
      try {
        response = await base(url, { ...init, signal });
      } catch (error) {
        const again =
          !NOT_REPEATABLE.has(method) && attempt < MAX_ATTEMPTS && !outer?.aborted && backoffFits(attempt, deadline);
        if (!again) throw error;
        await sleep(BACKOFF_MS[attempt - 1] ?? 1_000, outer);
        continue;
      }
      if (response.status === 429) {
        const wait = retryAfterMs(response) ?? 1_000;
        pausedUntil.set(method, Math.max(pausedUntil.get(method) ?? 0, Date.now() + wait));
        if (attempt < MAX_ATTEMPTS && Date.now() + wait <= deadline) {
          await response.body?.cancel();
          continue;
        }
        return response;
      }
      if (response.status >= 500 && attempt < MAX_ATTEMPTS && backoffFits(attempt, deadline)) {
        await response.body?.cancel();
        await sleep(BACKOFF_MS[attempt - 1] ?? 1_000, outer);
        continue;
      }
      return response;
    }
  };
}

function backoffFits(attempt: number, deadline: number): boolean {
  return Date.now() + (BACKOFF_MS[attempt - 1] ?? 1_000) + 200 < deadline;
}

/** What Slack itself would answer: the WebClient turns it into a rate-limited error naming the wait. */
function rateLimited(waitMs: number): Response {
  return new Response(JSON.stringify({ ok: false, error: 'ratelimited' }), {
    status: 429,
    headers: { 'content-type': 'application/json', 'retry-after': String(Math.ceil(waitMs / 1000)) },
  });
}
