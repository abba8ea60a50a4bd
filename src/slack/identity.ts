/**
 * Who the bot is (auth.test), learnt in the background with retries instead of in Bolt's constructor: Bolt 5 calls
 * auth.test as it is built and, when Slack is unreachable or the token is rejected, that promise rejects unhandled
 * and the process exits with a stack. Here a failure means "not ready yet": retried with capped backoff, logged
 * every few attempts, never thrown at start. Readiness re-checks it at most every 30 s.
 */
import { isRecord } from '../guards';
import type { Logger } from '../log';
import { type Backoff, cappedBackoff, worthLogging } from '../ops/backoff';
import type { ProbeStatus } from '../ops/readiness';

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

/** auth.test with the bot token; resolves with Slack's answer or rejects with WebClient's error. */
export type AuthTest = () => Promise<unknown>;

export interface IdentityOptions {
  backoff?: Backoff;
  /** How old the last answer may be before readiness asks Slack again. */
  recheckMs?: number;
}

export class SlackIdentity {
  private known: BotIdentity | undefined;
  private problem: string | undefined = 'auth.test has not answered yet';
  private checkedAt = 0;
  private failures = 0;
  private running: Promise<BotIdentity | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly backoff: Backoff;
  private readonly recheckMs: number;

  constructor(
    private readonly authTest: AuthTest,
    private readonly logger: Logger,
    options: IdentityOptions = {},
  ) {
    this.backoff = options.backoff ?? cappedBackoff();
    this.recheckMs = options.recheckMs ?? 30_000;
  }

  /** Starts asking in the background until Slack answers. */
  start(): void {
    this.stopped = false;
    void this.attempt();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** For Bolt's authorize: the identity, asking Slack now if it is not known yet. Rejects while Slack is away. */
  async identity(): Promise<BotIdentity> {
    const found = this.known ?? (await this.attempt());
    if (!found) throw new Error(`Slack is not reachable yet: ${this.problem ?? 'unknown'}`);
    return found;
  }

  status(): ProbeStatus {
    if (this.known && !this.stopped && Date.now() - this.checkedAt > this.recheckMs) void this.attempt();
    return this.known && this.problem === undefined ? { ready: true } : { ready: false, problem: this.problem };
  }

  private attempt(): Promise<BotIdentity | undefined> {
    this.running ??= this.ask().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async ask(): Promise<BotIdentity | undefined> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      const answer = await this.authTest();
      const identity = readIdentity(answer);
      if (!identity) throw new Error('auth.test answered without bot_id and user_id');
      const wasDown = this.failures > 0 || this.known === undefined;
      this.known = identity;
      this.problem = undefined;
      this.checkedAt = Date.now();
      if (wasDown)
        this.logger.info('Slack answered auth.test: ready', {
          botUserId: identity.botUserId,
          ...(this.failures > 0 ? { afterAttempts: this.failures + 1 } : {}),
        });
      this.failures = 0;
      return identity;
    } catch (error: unknown) {
      this.failures += 1;
      this.problem = describeSlackFailure(error);
      this.checkedAt = Date.now();
      const delayMs = this.backoff.delayMs(this.failures);
      if (worthLogging(this.failures)) {
        this.logger.warn('Slack is not ready: retrying', {
          problem: this.problem,
          attempt: this.failures,
          retryInMs: delayMs,
        });
      }
      if (!this.stopped) {
        this.timer = setTimeout(() => void this.attempt(), delayMs);
        this.timer.unref();
      }
      return undefined;
    }
  }
}

function readIdentity(answer: unknown): BotIdentity | undefined {
  if (!isRecord(answer)) return undefined;
  const { bot_id: botId, user_id: botUserId } = answer;
  return typeof botId === 'string' && typeof botUserId === 'string' ? { botId, botUserId } : undefined;
}

/** WebClient's error classes, read by their `code` so that no message (which may quote a URL) is repeated. */
export function describeSlackFailure(error: unknown): string {
  if (!isRecord(error) && !(error instanceof Error)) return 'auth.test failed';
  const code = 'code' in error ? error.code : undefined;
  if (code === 'slack_webapi_platform_error' && 'data' in error && isRecord(error.data)) {
    const reason = typeof error.data.error === 'string' ? error.data.error : 'unknown';
    return `Slack rejected the bot token (${reason}): check SLACK_BOT_TOKEN`;
  }
  if (code === 'slack_webapi_request_error' && 'original' in error) {
    return `cannot reach the Slack API (${networkCode(error.original) ?? 'no answer'}): check DNS, egress and HTTPS_PROXY`;
  }
  if (code === 'slack_webapi_http_error' && 'statusCode' in error) {
    return `the Slack API answered HTTP ${String(error.statusCode)}`;
  }
  if (code === 'slack_webapi_rate_limited_error') return 'the Slack API is rate-limiting auth.test';
  return 'auth.test failed';
}

/** fetch wraps Node's error: `TypeError: fetch failed` whose cause carries ECONNREFUSED, ENOTFOUND … */
function networkCode(error: unknown, depth = 0): string | undefined {
  if (!isRecord(error) || depth > 3) return undefined;
  if (typeof error.code === 'string' && /^E[A-Z_]+$|^UND_ERR/.test(error.code)) return error.code;
  return 'cause' in error ? networkCode(error.cause, depth + 1) : undefined;
}
