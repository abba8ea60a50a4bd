import { App, type CustomRoute } from '@slack/bolt';
import type { Config } from '../config';
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
import { registerListeners } from './listeners';
import { webApiFetch } from './web-api-fetch';

export interface SlackAppOptions {
  /** From config; for HTTP mode and sandbox mode the receiver verifies with this secret. */
  signingSecret?: string;
  botToken: string;
  appToken?: string;
  apiUrl?: string;
  logLevel: Config['logLevel'];
  /** Socket Mode serves /healthz on its own small HTTP server, on this port. */
  healthPort?: number;
  /** Known bot identity: skips auth.test at start (the sandbox and tests know who they are). */
  botIdentity?: { botId: string; botUserId: string };
  /** Where HTTP mode remembers signatures it has seen (in memory unless given). */
  replayGuard?: ReplayGuard;
}

export interface SlackApp {
  app: App;
  /** Resolves with the bound port (HTTP) once listening. `host` narrows where it listens (the sandbox: loopback). */
  start(port: number, host?: string): Promise<number>;
  stop(): Promise<void>;
}

const healthz: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  },
};

export function createSlackApp(options: SlackAppOptions, deps: AppDeps): SlackApp {
  const logger = boltLogger(deps.logger);
  const socketMode = options.appToken !== undefined;
  const receiver = socketMode
    ? undefined
    : guardedHttpReceiver({
        signingSecret: options.signingSecret,
        customRoutes: [healthz],
        boltLogger: logger,
        logger: deps.logger,
        replayGuard: options.replayGuard ?? new MemoryReplayGuard(),
      });
  const app = new App({
    token: options.botToken,
    receiver,
    appToken: options.appToken,
    socketMode,
    customRoutes: socketMode ? [healthz] : undefined,
    // Socket Mode serves customRoutes on its own small HTTP server; this is its port.
    installerOptions: socketMode ? { port: options.healthPort ?? 3000 } : undefined,
    logger,
    logLevel: boltLevel(options.logLevel),
    ...(options.botIdentity
      ? { tokenVerificationEnabled: false, botId: options.botIdentity.botId, botUserId: options.botIdentity.botUserId }
      : {}),
    clientOptions: {
      slackApiUrl: options.apiUrl,
      // Retries live in webApiFetch, per call and per method: the WebClient's own pause its one queue for every
      // method on a 429 and repeat posts that may have landed. Explicit retries also keep Socket Mode from writing
      // 100 into the shared client options.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      fetch: webApiFetch(),
      // Each attempt has its own timeout inside webApiFetch; a client-wide one would cut its waits short.
      timeout: 0,
    },
  });
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
  app.use(bindTeam());
  app.use(bindActingUser());
  deps.accounts?.useSlack({
    listMembers: async (usergroup) => (await app.client.usergroups.users.list({ usergroup })).users ?? [],
    postAudit: async (channel, event) => {
      await app.client.chat.postMessage({ channel, text: auditText(event), unfurl_links: false, unfurl_media: false });
    },
  });
  registerListeners(app, deps);
  app.error(async (error) => {
    deps.logger.error('unhandled listener error', { error: errorName(error) });
  });

  return {
    app,
    async start(port, host) {
      const server: unknown = await (host && !socketMode ? app.start({ port, host }) : app.start(port));
      await deps.watches?.start(app.client);
      return boundPort(server) ?? port;
    },
    async stop() {
      await app.stop();
      await deps.watches?.stop();
      // Every reply has its own budget; wait for that, and no longer.
      await inFlight.drained(deps.replyBudgetMs + 2_000);
    },
  };
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
