import { createHmac } from 'node:crypto';

/**
 * Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}` keyed with the signing secret.
 * The body must be exactly the bytes that go over the wire.
 */
export function slackSignature(signingSecret: string, timestampSeconds: number, body: string | Buffer): string {
  const mac = createHmac('sha256', signingSecret);
  mac.update(`v0:${timestampSeconds}:`);
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}

/** The two headers Slack adds to every request it sends to an app. */
export function signedHeaders(
  signingSecret: string,
  body: string | Buffer,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': slackSignature(signingSecret, timestampSeconds, body),
  };
}
