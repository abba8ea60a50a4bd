import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deployDir, readYamlDocuments, SECRET_SHAPES } from './manifests';

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}

const composeText = readFileSync(join(deployDir, 'compose.yaml'), 'utf8');
const compose = readYamlDocuments(join(deployDir, 'compose.yaml'))[0] as { services: Record<string, ComposeService> };
const services = Object.entries(compose.services);
const bots = services.filter(([, s]) => s.build !== undefined);
const proxy = compose.services.proxy!;

/** The upstream servers of nginx.conf's `upstream mirrors { … }` block, as host:port. */
function upstreamServers(config: string): string[] {
  const block = /upstream\s+mirrors\s*\{([^}]*)\}/.exec(config)?.[1] ?? '';
  return [...block.matchAll(/^\s*server\s+([^\s;]+)/gm)].map((m) => m[1]!);
}

function proxyConfigPath(): string {
  const mount = proxy.volumes?.find((v) => v.split(':')[1] === '/etc/nginx/nginx.conf');
  return resolve(deployDir, mount!.split(':')[0]!);
}

describe('deploy/compose.yaml', () => {
  it('runs two bot replicas built from the repository Dockerfile', () => {
    expect(bots.length).toBeGreaterThanOrEqual(2);
    for (const [name, bot] of bots) {
      const dockerfile = join(resolve(deployDir, bot.build!.context), bot.build!.dockerfile ?? 'Dockerfile');
      expect(existsSync(dockerfile), name).toBe(true);
      expect(bot.healthcheck?.test.join(' '), name).toMatch(/\/healthz/);
    }
  });

  it('shares one Redis between the replicas, and starts them only once it answers', () => {
    const redis = compose.services.redis!;
    expect(redis.image).toMatch(/^redis:7/);
    expect(redis.healthcheck?.test).toContain('redis-cli');
    const policy = redis.command ?? [];
    expect(policy[policy.indexOf('--maxmemory-policy') + 1]).toBe('volatile-lru');
    for (const [name, bot] of bots) {
      const url = new URL(bot.environment!.REDIS_URL!);
      expect(url.hostname, name).toBe('redis');
      expect(bot.depends_on?.redis?.condition, name).toBe('service_healthy');
    }
  });

  it('puts a round-robin proxy in front that names every replica on the port it listens on', () => {
    const config = readFileSync(proxyConfigPath(), 'utf8');
    const expected = bots.map(([name, bot]) => `${name}:${bot.environment!.PORT}`);
    expect(upstreamServers(config).sort()).toEqual(expected.sort());
    // No ip_hash/hash/least_conn: requests must alternate, so a button lands on the other replica.
    expect(config).not.toMatch(/\b(ip_hash|hash|least_conn|sticky)\b/);
    expect(config).toMatch(/proxy_pass\s+http:\/\/mirrors;/);
    for (const [name] of bots) expect(proxy.depends_on?.[name]?.condition).toBe('service_healthy');
    expect(proxy.healthcheck).toBeDefined();
  });

  it('publishes the proxy on loopback only', () => {
    expect(proxy.ports?.length).toBeGreaterThan(0);
    for (const port of proxy.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
    for (const [name, service] of services) if (name !== 'proxy') expect(service.ports, name).toBeUndefined();
  });

  it('reads every credential from the caller’s environment, never from the file', () => {
    for (const [name, bot] of bots) {
      for (const [key, value] of Object.entries(bot.environment ?? {})) {
        // A bare name (null) passes the caller's variable through; ${NAME…} interpolates it.
        if (/TOKEN|SECRET|KEY_ID|CLIENT_ID/.test(key) && value !== null) {
          expect(value, `${name} ${key}`).toMatch(/^\$\{[A-Z_]+(:[-?].*)?\}$/);
        }
      }
      expect(bot.environment?.SLACK_BOT_TOKEN).toMatch(/^\$\{SLACK_BOT_TOKEN:\?/);
    }
    for (const shape of SECRET_SHAPES) expect(composeText).not.toMatch(shape);
  });

  it('finds the upstreams a config names, so a missing replica would fail the check above', () => {
    const one = 'upstream mirrors {\n  server bot-a:3000;\n}\n';
    expect(upstreamServers(one)).toEqual(['bot-a:3000']);
  });
});
