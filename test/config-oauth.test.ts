import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const TRIO = { SLACK_CLIENT_ID: '123.456', SLACK_CLIENT_SECRET: 'client-secret', SLACK_STATE_SECRET: 'state-secret' };

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig: distribution through OAuth', () => {
  it('takes the three OAuth settings in place of a bot token, in HTTP mode', () => {
    const config = loadConfig({ ...TRIO, SLACK_SIGNING_SECRET: 's' });
    expect(config.mode).toBe('http');
    if (config.mode !== 'http') return;
    expect(config.slack.oauth).toEqual({
      clientId: '123.456',
      clientSecret: 'client-secret',
      stateSecret: 'state-secret',
    });
    expect(config.slack.botToken).toBeUndefined();
  });

  it('refuses them in Socket Mode, saying why', () => {
    expect(problemsOf({ ...TRIO, SLACK_APP_TOKEN: 'xapp-1' })).toEqual([
      expect.stringContaining('need HTTP mode: unset SLACK_APP_TOKEN'),
    ]);
  });

  it('leaves single-workspace mode as it was: a bot token and no OAuth', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    if (config.mode !== 'http') throw new Error(`expected http, got ${config.mode}`);
    expect(config.slack.botToken).toBe('xoxb-1');
    expect(config.slack.oauth).toBeUndefined();
  });

  it.each([
    [{ SLACK_CLIENT_ID: '1' }, 'SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are missing'],
    [{ SLACK_CLIENT_ID: '1', SLACK_CLIENT_SECRET: 'c' }, 'SLACK_STATE_SECRET is missing'],
    [{ SLACK_STATE_SECRET: 's' }, 'SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are missing'],
  ])('refuses a half-set trio %j, naming what is missing', (partial, named) => {
    const problems = problemsOf({ ...partial, SLACK_SIGNING_SECRET: 's' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(named);
    expect(problems[0]).toContain('go together');
    // Not also "SLACK_BOT_TOKEN is missing": the one message says both ways out.
    expect(problems[0]).toContain('SLACK_BOT_TOKEN for one workspace');
  });

  it('refuses a half-set trio even alongside a bot token, and never echoes a secret', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_SIGNING_SECRET: 's',
      SLACK_CLIENT_SECRET: 'very-secret-value',
    });
    expect(problems.join('\n')).toContain('SLACK_CLIENT_ID and SLACK_STATE_SECRET are missing');
    expect(problems.join('\n')).not.toContain('very-secret-value');
  });

  it('refuses a bot token and the full trio together: one workspace or many, not both', () => {
    const problems = problemsOf({ ...TRIO, SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect(problems).toEqual([expect.stringContaining('are both set')]);
  });

  it('still needs the signing secret in HTTP mode', () => {
    expect(problemsOf(TRIO)).toEqual([expect.stringContaining('SLACK_SIGNING_SECRET is missing')]);
  });

  it('does not run the sandbox when only OAuth settings are present', () => {
    expect(() => loadConfig({ SLACK_CLIENT_ID: '1' })).toThrow(ConfigError);
  });
});
