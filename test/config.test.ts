import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, sandboxNobodyAskedFor } from '../src/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs the sandbox when nothing is set', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('sandbox');
    expect(config.port).toBe(3000);
    // Unset: the sandbox shows every region of its own data set.
    expect(config.regions).toBeUndefined();
    expect(config.logLevel).toBe('info');
    expect(config).not.toHaveProperty('slack');
  });

  it('gives the sandbox the regions MIRRORS_REGIONS names', () => {
    expect(loadConfig({ MIRRORS_REGIONS: 'cn-shanghai' }).regions).toEqual(['cn-shanghai']);
  });

  it('lists cn-hongkong alone for a real deployment that names no region', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).regions).toEqual(['cn-hongkong']);
  });

  it('ignores the metadata switch that tests and CI always set', () => {
    expect(loadConfig({ ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' }).mode).toBe('sandbox');
  });

  it('picks HTTP mode with a bot token and signing secret', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      PORT: '8080',
      SLACK_API_URL: 'http://127.0.0.1:9/api',
    });
    expect(config).toMatchObject({
      mode: 'http',
      port: 8080,
      slack: { botToken: 'xoxb-1', signingSecret: 's', apiUrl: 'http://127.0.0.1:9/api/' },
    });
  });

  it('picks Socket Mode when an app token is set, without needing a signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' })).toMatchObject({
      mode: 'socket',
      slack: { botToken: 'xoxb-1', appToken: 'xapp-1', signingSecret: undefined },
    });
  });

  it('forces the sandbox on request even with Slack settings', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, { forceSandbox: true }).mode).toBe(
      'sandbox',
    );
  });

  it('parses regions, default region and log level', () => {
    const config = loadConfig({
      MIRRORS_REGIONS: ' cn-hongkong, CN-Shanghai ,cn-hongkong,ap-southeast-1',
      MIRRORS_DEFAULT_REGION: 'cn-hongkong',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config.regions).toEqual(['cn-hongkong', 'cn-shanghai', 'ap-southeast-1']);
    expect(config.defaultRegion).toBe('cn-hongkong');
    expect(config.logLevel).toBe('debug');
  });

  it('polls watches every 300 s under ./data unless told otherwise', () => {
    expect(loadConfig({})).toMatchObject({ watchIntervalSeconds: 300, dataDir: './data' });
    expect(loadConfig({ MIRRORS_WATCH_INTERVAL: ' 10 ', MIRRORS_DATA_DIR: '/data' })).toMatchObject({
      watchIntervalSeconds: 10,
      dataDir: '/data',
    });
  });

  it('accepts an endpoint override with a {region} placeholder', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      ALIBABA_CLOUD_VPC_ENDPOINT: 'http://127.0.0.1:9000/{region}',
    });
    expect(config.vpcEndpoint).toBe('http://127.0.0.1:9000/{region}');
  });

  it('takes ALIBABA_CLOUD_ECS_ENDPOINT like the VPC one, and refuses a bad one by name', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      ALIBABA_CLOUD_ECS_ENDPOINT: 'ecs-vpc.{region}.aliyuncs.com',
    });
    expect(config.ecsEndpoint).toBe('ecs-vpc.{region}.aliyuncs.com');
    expect(
      problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', ALIBABA_CLOUD_ECS_ENDPOINT: 'ftp://x' }),
    ).toEqual([expect.stringMatching(/^ALIBABA_CLOUD_ECS_ENDPOINT must use http:\/\/ or https:\/\/.*ecs\.\{region\}/)]);
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user-token',
      SLACK_API_URL: 'slack.com/api',
      PORT: '70000',
      MIRRORS_REGIONS: 'cn-hongkong,Hong Kong',
      MIRRORS_DEFAULT_REGION: 'hk',
      LOG_LEVEL: 'loud',
      ALIBABA_CLOUD_VPC_ENDPOINT: 'ftp://x',
      MIRRORS_WATCH_INTERVAL: '0',
    });
    expect(problems).toHaveLength(9);
    expect(problems.join('\n')).toMatch(
      /MIRRORS_WATCH_INTERVAL must be a whole number of seconds, at least 1, got "0"/,
    );
    expect(problems.join('\n')).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(problems.join('\n')).toMatch(/SLACK_SIGNING_SECRET is missing/);
    expect(problems.join('\n')).toMatch(/SLACK_API_URL must be an http\(s\) URL/);
    expect(problems.join('\n')).toMatch(/PORT must be a whole number from 0 to 65534, got "70000"/);
    expect(problems.join('\n')).toMatch(/MIRRORS_REGIONS has "hong kong"/);
    expect(problems.join('\n')).toMatch(/MIRRORS_DEFAULT_REGION must be a region id/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL must be one of debug, info, warn, error/);
    expect(problems.join('\n')).toMatch(/ALIBABA_CLOUD_VPC_ENDPOINT must use http:\/\/ or https:\/\//);
  });

  it('refuses a half-configured deployment: cloud keys but no Slack', () => {
    const problems = problemsOf({ ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'x' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET are set but no Slack settings are/,
    );
  });

  it('refuses an endpoint that every call would then reject', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      ALIBABA_CLOUD_VPC_ENDPOINT: 'https://vpc.{region}.example.com/?x=1',
    });
    expect(problems).toEqual([expect.stringMatching(/ALIBABA_CLOUD_VPC_ENDPOINT must not contain a query/)]);
  });

  it('refuses SLACK_API_URL without Slack tokens instead of quietly running the sandbox', () => {
    expect(problemsOf({ SLACK_API_URL: 'https://slack.example.gov/api/' })).toEqual([
      expect.stringMatching(/SLACK_API_URL is set but no Slack settings are/),
    ]);
  });

  it('refuses a signing secret without a bot token', () => {
    expect(problemsOf({ SLACK_SIGNING_SECRET: 's' })).toEqual([expect.stringMatching(/SLACK_BOT_TOKEN is missing/)]);
  });

  it('refuses a malformed app token', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'abc' })).toEqual([expect.stringMatching(/xapp-/)]);
  });

  it('never echoes a secret value in its message', () => {
    try {
      loadConfig({ SLACK_BOT_TOKEN: 'xoxp-secret-value-123', SLACK_APP_TOKEN: 'secret-app-456' });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain('secret-value-123');
      expect(String(error)).not.toContain('secret-app-456');
    }
  });

  it('caps cloud calls at 16 by default and takes MIRRORS_CLOUD_CONCURRENCY', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig(base).cloudConcurrency).toBe(16);
    expect(loadConfig({ ...base, MIRRORS_CLOUD_CONCURRENCY: '32' }).cloudConcurrency).toBe(32);
    expect(problemsOf({ ...base, MIRRORS_CLOUD_CONCURRENCY: '0' })).toEqual([
      'MIRRORS_CLOUD_CONCURRENCY must be a whole number from 1 to 1000, got "0"',
    ]);
  });

  it('limits each user to 10 requests a minute, 5 at once, unless MIRRORS_USER_RATE says otherwise', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    expect(loadConfig(base).userRate).toEqual({ requests: 10, perMs: 60_000, burst: 5 });
    expect(loadConfig({ ...base, MIRRORS_USER_RATE: '30/300' }).userRate).toEqual({
      requests: 30,
      perMs: 300_000,
      burst: 15,
    });
    expect(loadConfig({ ...base, MIRRORS_USER_RATE: 'off' }).userRate).toBeUndefined();
    expect(problemsOf({ ...base, MIRRORS_USER_RATE: '10 per minute' })[0]).toMatch(
      /^MIRRORS_USER_RATE must be N\/SECONDS .*such as 10\/60.* or off, got "10 per minute"$/,
    );
  });
});

describe('Redis settings', () => {
  const slack = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };

  it('keeps state in the process without REDIS_URL', () => {
    expect(loadConfig(slack).redis).toBeUndefined();
  });

  it('takes redis:// and rediss:// URLs, with the mirrors: prefix unless told otherwise', () => {
    expect(loadConfig({ ...slack, REDIS_URL: 'redis://redis:6379/0' }).redis).toEqual({
      url: 'redis://redis:6379/0',
      prefix: 'mirrors:',
    });
    expect(
      loadConfig({ ...slack, REDIS_URL: 'rediss://:pw@r-1.redis.rds.aliyuncs.com:6380', MIRRORS_REDIS_PREFIX: 'prod:' })
        .redis,
    ).toEqual({ url: 'rediss://:pw@r-1.redis.rds.aliyuncs.com:6380', prefix: 'prod:' });
  });

  it('rejects another scheme without repeating the URL, which may hold a password', () => {
    const problems = problemsOf({ ...slack, REDIS_URL: 'http://:hunter2@redis:6379' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(problems.join()).not.toContain('hunter2');
  });

  it('rejects a prefix with spaces or braces', () => {
    expect(problemsOf({ ...slack, MIRRORS_REDIS_PREFIX: 'my prefix{' })[0]).toMatch(/MIRRORS_REDIS_PREFIX/);
  });

  it('counts REDIS_URL alone as a half-finished setup', () => {
    expect(problemsOf({ REDIS_URL: 'redis://redis:6379' })[0]).toMatch(/REDIS_URL is set but no Slack settings are/);
  });
});

describe('the sandbox in a container', () => {
  it('is refused when nobody asked for it, and runs when asked for, on every interface', () => {
    expect(sandboxNobodyAskedFor({ MIRRORS_IN_CONTAINER: '1' }, ['node', 'dist/main.js'])).toBe(true);
    expect(sandboxNobodyAskedFor({ MIRRORS_IN_CONTAINER: '1', MIRRORS_SANDBOX: '1' }, [])).toBe(false);
    expect(sandboxNobodyAskedFor({ MIRRORS_IN_CONTAINER: '1' }, ['node', 'dist/main.js', '--sandbox'])).toBe(false);
    expect(loadConfig({ MIRRORS_IN_CONTAINER: '1' })).toMatchObject({ mode: 'sandbox', host: '0.0.0.0' });
  });

  it('runs on a developer machine with nothing set, on loopback', () => {
    expect(sandboxNobodyAskedFor({}, ['node', 'dist/main.js'])).toBe(false);
    expect(loadConfig({})).not.toHaveProperty('host');
  });
});
