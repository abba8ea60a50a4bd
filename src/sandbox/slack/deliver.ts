/**
 * Sends one signed request to the bot, exactly like Slack: the signature covers the very bytes sent, and Slack
 * waits at most `timeoutMs` (3 s) for the answer.
 */
import http from 'node:http';
import https from 'node:https';
import { signedHeaders } from './signing';

export interface BotAnswer {
  status: number | null;
  contentType: string;
  body: string;
  durationMs: number;
  /** Set when the request failed: "401", "ECONNREFUSED", "operation_timeout". */
  failure?: string;
}

export interface BotEndpoint {
  url: string;
  signingSecret: string;
  timeoutMs: number;
}

export function sendToBot(endpoint: BotEndpoint, body: string, contentType: string): Promise<BotAnswer> {
  const started = performance.now();
  const bytes = Buffer.from(body, 'utf8');
  const url = new URL(endpoint.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<BotAnswer, 'durationMs'>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, durationMs: Math.round(performance.now() - started) });
    };
    const request = client.request(
      url,
      {
        method: 'POST',
        // A fresh connection per request, like Slack's senders: nothing lingers after the stand-in closes.
        agent: false,
        headers: {
          'content-type': contentType,
          'content-length': String(bytes.length),
          'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
          accept: 'application/json,*/*',
          ...signedHeaders(endpoint.signingSecret, bytes),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', () =>
          finish({ status: response.statusCode ?? null, contentType: '', body: '', failure: 'ECONNRESET' }),
        );
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          const type = String(response.headers['content-type'] ?? '');
          finish({ status, contentType: type, body: text, ...(status === 200 ? {} : { failure: String(status) }) });
        });
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, contentType: '', body: '', failure: 'operation_timeout' });
      request.destroy();
    }, endpoint.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ status: null, contentType: '', body: '', failure: error.code ?? error.message }),
    );
    request.end(bytes);
  });
}
