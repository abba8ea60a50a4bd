/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY for both far ends. Node's fetch and http ignore these variables, so:
 * - Slack (Bolt's WebClient and response_url use fetch; Socket Mode's WebSocket uses an undici dispatcher): one
 *   undici EnvHttpProxyAgent, which chooses proxy or direct per request by the same variables;
 * - Alibaba Cloud (pop-core calls node's https.request through httpx and takes an `agent` per request): an
 *   https-proxy-agent per endpoint, unless NO_PROXY names its host.
 * The lower-case spellings are read too, as curl does. Without any proxy variable nothing changes.
 */
import type { Agent } from 'node:http';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { type Dispatcher, EnvHttpProxyAgent, fetch as undiciFetch } from 'undici';

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
  const value = (env[name] ?? env[name.toLowerCase()])?.trim();
  return value ? value : undefined;
}

/** The proxy for a URL, or undefined for a direct connection. */
export function proxyFor(target: string, env: Env): string | undefined {
  const url = new URL(target);
  const proxy =
    url.protocol === 'https:' ? (read(env, 'HTTPS_PROXY') ?? read(env, 'HTTP_PROXY')) : read(env, 'HTTP_PROXY');
  if (proxy === undefined) return undefined;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return bypassed(url.hostname, port, read(env, 'NO_PROXY') ?? '') ? undefined : proxy;
}

/** NO_PROXY: `*`, or hosts and domains (`example.com` and `.example.com` both cover subdomains), optionally `:port`. */
function bypassed(hostname: string, port: string, noProxy: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const match = /^(.*?)(?::(\d+))?$/.exec(entry.replace(/^\[|\](?=:|$)/g, ''));
    const name = (match?.[1] ?? entry).replace(/^\*?\./, '');
    const entryPort = match?.[2];
    if (entryPort !== undefined && entryPort !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

const agents = new Map<string, Agent>();

/** The agent for pop-core's requests to this endpoint; undefined means pop-core's own keep-alive agent. */
export function cloudAgent(endpoint: string, env: Env = process.env): Agent | undefined {
  const proxy = proxyFor(endpoint, env);
  if (proxy === undefined) return undefined;
  let agent = agents.get(proxy);
  if (!agent) {
    agent = new HttpsProxyAgent(proxy, { keepAlive: true });
    agents.set(proxy, agent);
  }
  return agent;
}

export interface SlackTransport {
  dispatcher: Dispatcher;
  fetch: typeof globalThis.fetch;
}

/** Undefined when no proxy is configured: Slack's clients then use their defaults. */
export function slackTransport(env: Env = process.env): SlackTransport | undefined {
  const httpsProxy = read(env, 'HTTPS_PROXY');
  const httpProxy = read(env, 'HTTP_PROXY');
  if (httpsProxy === undefined && httpProxy === undefined) return undefined;
  const dispatcher = new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    noProxy: read(env, 'NO_PROXY') ?? '',
  });
  // undici's fetch is the fetch Node ships, typed by undici's own declarations; the call is the same.
  const fetch = ((input: Parameters<typeof undiciFetch>[0], init?: Parameters<typeof undiciFetch>[1]) =>
    undiciFetch(input, { ...init, dispatcher })) as unknown as typeof globalThis.fetch;
  return { dispatcher, fetch };
}
