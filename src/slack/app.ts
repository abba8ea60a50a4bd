import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { App, type AppOptions, type CustomRoute, LogLevel, SocketModeReceiver, webApi } from '@slack/bolt';
import type { Dispatcher } from 'undici';
import type { Config } from '../config';
import { isRecord } from '../guards';
import { cappedBackoff, worthLogging } from '../ops/backoff';
import { metrics, registry, surfaceOf } from '../ops/metrics';
import { type ReadinessCheck, readiness } from '../ops/readiness';
import { auditText } from '../views/audit';
import { errorName } from './api-errors';
import { boltLevel, boltLogger } from './bolt-logger';
import type { AppDeps } from './deps';
import { bindActingUser } from './guard/acting-user';
import { answerFailures } from './guard/failures';
import { guardedHttpReceiver } from './guard/http-receiver';
import { MemoryReplayGuard, type ReplayGuard } from './guard/replay';
import { guardSocketMode } from './guard/socket';
import { bindTeam } from './guard/team-scope';
import { describeSlackFailure, SlackIdentity } from './identity';
import { registerListeners } from './listeners';
import { botTokenFor, type OAuthOptions, oauthReceiverOptions, registerUninstall, tokenOfRequest } from './oauth';
import { webApiFetch } from './web-api-fetch';

export interface SlackAppOptions {
  /** From config; for HTTP mode and sandbox mode the receiver verifies with this secret. */
  signingSecret?: string;
  /** One workspace's bot token; absent when `oauth` is given (each workspace's token comes from its install). */
  botToken?: string;
  /** Distribution to many workspaces: Bolt's OAuth flow and an installation store. */
  oauth?: OAuthOptions;
  appToken?: string;
  apiUrl?: string;
  logLevel: Config['logLevel'];
  /** Socket Mode serves /healthz, /readyz and /metrics on its own small HTTP server, on this port. */
  healthPort?: number;
  /** Known bot identity: skips auth.test at start (the sandbox and tests know who they are). */
  botIdentity?: { botId: string; botUserId: string };
  /** What else /readyz waits for (Redis when configured). Slack's own check is built in. */
  readinessChecks?: readonly ReadinessCheck[];
  /** Slack's HTTP and WebSocket traffic through a proxy (HTTPS_PROXY); absent: direct. */
  dispatcher?: Dispatcher;
  /** The same proxy as a fetch for the Web API and response_url. */
  fetch?: typeof globalThis.fetch;
  /** Where HTTP mode remembers signatures it has seen (in memory unless given). */
  replayGuard?: ReplayGuard;
}

export interface SlackApp {
  app: App;
  /**
   * Resolves with the bound port (HTTP) once listening. `host` narrows where it listens (the sandbox: loopback).
   * Never rejects because Slack is away: the app listens, is not ready, and keeps asking.
   */
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function probeRoutes(checks: () => readonly ReadinessCheck[]): CustomRoute[] {
  return [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => sendJson(res, 200, { ok: true }) },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        const report = readiness(checks());
        sendJson(res, report.ready ? 200 : 503, report);
      },
    },
    {
      path: '/metrics',
      method: ['GET'],
      handler: (_req: IncomingMessage, res: ServerResponse) => {
        registry.metrics().then(
          (text) => {
            res.writeHead(200, { 'content-type': registry.contentType });
            res.end(text);
          },
          () => sendJson(res, 500, { ok: false }),
        );
      },
    },
  ];
}

export function createSlackApp(options: SlackAppOptions, deps: AppDeps): SlackApp {
  const logger = boltLogger(deps.logger);
  const socketMode = options.appToken !== undefined;
  const oauth = options.oauth ? oauthReceiverOptions(options.oauth, options.apiUrl) : undefined;
  const clientOptions = {
    slackApiUrl: options.apiUrl,
    // Retries live in webApiFetch, per call and per method: the WebClient's own pause its one queue for every
    // method on a 429 and repeat posts that may have landed. Explicit retries also keep Socket Mode from writing
    // 100 into the shared client options.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: webApiFetch(options.fetch ? { fetch: options.fetch } : {}),
    // Each attempt has its own timeout inside webApiFetch; a client-wide one would cut its waits short.
    timeout: 0,
  };

  // Bolt 5 would call auth.test while it is built and crash the process when Slack is away; asking ourselves, with
  // retries, turns that into "not ready yet". Its own client: one quick attempt per try, our backoff in between.
  // Each failed try would log a line of its own; SlackIdentity logs one every few tries instead.
  const quietLogger = boltLogger(deps.logger);
  quietLogger.setLevel(LogLevel.ERROR);
  // Distributed, there is no one bot token to ask about: each workspace's comes from its installation.
  const identity =
    options.botIdentity || options.oauth
      ? undefined
      : new SlackIdentity(
          () =>
            new webApi.WebClient(undefined, {
              slackApiUrl: options.apiUrl,
              retryConfig: { retries: 0 },
              timeout: 5_000,
              ...(options.fetch ? { fetch: options.fetch } : {}),
              logger: quietLogger,
            }).auth.test({ token: options.botToken }),
          deps.logger,
        );
  const socketState = { connected: !socketMode, problem: 'not connected to Slack yet' };
  const checks = (): ReadinessCheck[] => [
    ...(identity ? [{ name: 'slack', status: () => identity.status() }] : []),
    ...(socketMode
      ? [
          {
            name: 'slack-socket',
            status: () => (socketState.connected ? { ready: true } : { ready: false, problem: socketState.problem }),
          },
        ]
      : []),
    ...(options.readinessChecks ?? []),
  ];
  const customRoutes = probeRoutes(checks);
  // Socket Mode has no HTTP receiver: the probes get a small server of their own, on PORT.
  const probeServer = socketMode ? serveRoutes(customRoutes) : undefined;

  const socketReceiver =
    socketMode && options.appToken !== undefined
      ? new SocketModeReceiver({
          appToken: options.appToken,
          logger,
          logLevel: boltLevel(options.logLevel),
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
          installerOptions: { clientOptions },
        })
      : undefined;
  const receiver =
    socketReceiver ??
    guardedHttpReceiver({
      signingSecret: options.signingSecret,
      customRoutes,
      boltLogger: logger,
      logger: deps.logger,
      replayGuard: options.replayGuard ?? new MemoryReplayGuard(),
      ...(oauth ? { oauth } : {}),
    });

  // Distributed, the receiver's installer authorizes each request from its workspace's installation.
  const auth: Partial<AppOptions> = options.oauth
    ? {}
    : options.botIdentity
      ? {
          token: options.botToken,
          tokenVerificationEnabled: false,
          botId: options.botIdentity.botId,
          botUserId: options.botIdentity.botUserId,
        }
      : {
          authorize: async () => {
            const known = await (identity as SlackIdentity).identity();
            return { botToken: options.botToken, botId: known.botId, botUserId: known.botUserId };
          },
        };
  const app = new App({
    ...auth,
    receiver,
    logger,
    logLevel: boltLevel(options.logLevel),
    clientOptions,
  });
  instrument(app);
  guardSocketMode(app, deps.logger);
  // Bolt acks first and runs the listener after; closing the server alone would cut replies still on their way.
  const inFlight = new InFlight();
  app.use(async ({ next }) => {
    inFlight.begin();
    try {
      await next();
    } finally {
      inFlight.end();
    }
  });
  app.use(answerFailures(deps.logger));
  // Inside answerFailures, which answers the user and swallows the error: the request counter still hears of it.
  app.use(async ({ next, context }) => {
    try {
      await next();
    } catch (error) {
      const holder = context[OUTCOME_HOLDER];
      if (isRecord(holder)) holder.outcome = 'error';
      throw error;
    }
  });
  app.use(bindTeam());
  app.use(bindActingUser());
  const asRequest = tokenOfRequest(options.oauth?.installationStore);
  // Watch posts run outside any request: distributed, each asks for its own workspace's token.
  const tokenFor = options.oauth ? botTokenFor(options.oauth.installationStore) : undefined;
  deps.accounts?.useSlack({
    listMembers: async (usergroup) =>
      (await app.client.usergroups.users.list({ ...(await asRequest()), usergroup })).users ?? [],
    postAudit: async (channel, event) => {
      await app.client.chat.postMessage({
        ...(await asRequest()),
        channel,
        text: auditText(event),
        unfurl_links: false,
        unfurl_media: false,
      });
    },
  });
  registerListeners(app, deps);
  if (options.oauth) registerUninstall(app, options.oauth.installationStore, deps.logger);
  app.error(async (error) => {
    deps.logger.error('unhandled listener error', { error: errorName(error) });
  });

  let retryTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Socket Mode: the probe server listens at once; the WebSocket is retried here while Slack is away (the client
  // itself gives up on a network error at start).
  const connectSocket = async (failures: number): Promise<void> => {
    if (!socketReceiver || stopped) return;
    try {
      await socketReceiver.client.start();
      socketState.connected = true;
      if (failures > 0) deps.logger.info('Socket Mode connected', { afterAttempts: failures + 1 });
    } catch (error: unknown) {
      const delayMs = cappedBackoff().delayMs(failures + 1);
      socketState.problem = describeSlackFailure(error);
      if (worthLogging(failures + 1))
        deps.logger.warn('Socket Mode is not connected: retrying', {
          problem: socketState.problem,
          attempt: failures + 1,
          retryInMs: delayMs,
        });
      retryTimer = setTimeout(() => void connectSocket(failures + 1), delayMs);
      retryTimer.unref();
    }
  };

  return {
    app,
    async start(port, host) {
      identity?.start();
      if (socketReceiver) {
        // The probes answer before Slack does: an orchestrator sees "alive, not ready" while Slack is away.
        const bound = await listenProbes(probeServer, options.healthPort ?? 3000, host);
        // receiver.start() opens the WebSocket; when Slack is away at start it rejects, and we keep asking.
        void app.start().then(
          () => {
            socketState.connected = true;
          },
          (error: unknown) => {
            socketState.problem = describeSlackFailure(error);
            deps.logger.warn('Socket Mode is not connected: retrying', { problem: socketState.problem, attempt: 1 });
            retryTimer = setTimeout(() => void connectSocket(1), cappedBackoff().delayMs(1));
            retryTimer.unref();
          },
        );
        await deps.watches?.start(app.client, tokenFor);
        return bound;
      }
      const server: unknown = await (host ? app.start({ port, host }) : app.start(port));
      await deps.watches?.start(app.client, tokenFor);
      return boundPort(server) ?? port;
    },
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      identity?.stop();
      if (socketReceiver) {
        // Stopped before it connected, the client may have no WebSocket yet; disconnect() copes with that.
        await socketReceiver.client.disconnect().catch(() => undefined);
        await new Promise<void>((resolve) => (probeServer ? probeServer.close(() => resolve()) : resolve()));
      } else await app.stop();
      await deps.watches?.stop();
      // Every reply has its own budget; wait for that, and no longer.
      await inFlight.drained(deps.replyBudgetMs + 2_000);
    },
  };
}

/** Where the global middleware records a listener's failure for the request counter (shared by reference). */
const OUTCOME_HOLDER = 'mirrorsRequest';

/**
 * Every request from either receiver passes App#processEvent with its ack: the one place that sees the surface, the
 * time to the acknowledgement (what Slack shows first) and the time to the end of the listener (the answer).
 */
function instrument(app: App): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event) => {
    const started = performance.now();
    const surface = surfaceOf(event.body);
    const holder: Record<string, unknown> = {};
    const ack = event.ack;
    let acked = false;
    const timedAck: typeof ack = async (response) => {
      if (!acked) {
        acked = true;
        metrics.placeholderSeconds.observe({ surface }, (performance.now() - started) / 1000);
      }
      return ack(response);
    };
    let outcome = 'ok';
    try {
      await processEvent({
        ...event,
        ack: timedAck,
        customProperties: { ...event.customProperties, [OUTCOME_HOLDER]: holder },
      });
    } catch (error) {
      outcome = 'error';
      throw error;
    } finally {
      if (holder.outcome === 'error') outcome = 'error';
      metrics.requests.inc({ surface, outcome });
      metrics.replySeconds.observe({ surface }, (performance.now() - started) / 1000);
    }
  };
}

function serveRoutes(routes: readonly CustomRoute[]): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes.find((r) => r.path === path);
    if (!route) return sendJson(res, 404, { ok: false });
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes(req.method ?? 'GET')) return sendJson(res, 405, { ok: false });
    void route.handler(Object.assign(req, { params: {} }), res);
  });
}

function listenProbes(server: Server | undefined, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    if (!server) return resolve(port);
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(boundPort(server) ?? port);
    });
  });
}

function boundPort(server: unknown): number | undefined {
  if (typeof server === 'object' && server !== null && 'address' in server && typeof server.address === 'function') {
    const address: unknown = server.address();
    if (typeof address === 'object' && address !== null && 'port' in address && typeof address.port === 'number')
      return address.port;
  }
  return undefined;
}

/** Counts listeners still running, so shutdown can wait for their replies. */
class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];

  begin(): void {
    this.count += 1;
  }

  end(): void {
    this.count -= 1;
    if (this.count === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  drained(timeoutMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
