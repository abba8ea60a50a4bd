import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkConfigFile,
  checkConfigRequest,
  defaultAccount,
  envRegions,
  loadAccounts,
  loadAccountsOrThrow,
  parseAccountsConfig,
} from '../../src/accounts';

const REGIONS = ['cn-hongkong', 'cn-shanghai'];

const VALID = `
accounts:
  - name: prod
    role_arn: acs:ram::1234567890123456:role/mirrors-read
    regions: [cn-hongkong, cn-shanghai]
    default: true
  - name: finance
    role_arn: acs:ram::6543210987654321:role/mirrors-read
    regions: [cn-hongkong]
access:
  - name: incident-responders
    channels: [C0INCIDENT, dm, home]
    users: [U0ONCALL]
    usergroups: [S0NETOPS]
    accounts: [prod]
    regions: [cn-hongkong]
  - name: finance-team
    users: [W0FINANCE]
    accounts: [finance]
audit:
  channel: C0AUDIT
`;

function problemsOf(text: string): string[] {
  const result = parseAccountsConfig(text, REGIONS);
  return result.ok ? [] : result.problems;
}

describe('parseAccountsConfig: a valid file', () => {
  it('builds the typed accounts, rules and audit channel of the DESIGN example', () => {
    const result = parseAccountsConfig(VALID, REGIONS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { accounts, rules, audit } = result.accounts;
    expect(accounts).toEqual([
      {
        name: 'prod',
        roleArn: 'acs:ram::1234567890123456:role/mirrors-read',
        regions: ['cn-hongkong', 'cn-shanghai'],
        default: true,
      },
      {
        name: 'finance',
        roleArn: 'acs:ram::6543210987654321:role/mirrors-read',
        regions: ['cn-hongkong'],
        default: false,
      },
    ]);
    expect(rules).toEqual([
      {
        name: 'incident-responders',
        channels: ['C0INCIDENT', 'dm', 'home'],
        users: ['U0ONCALL'],
        usergroups: ['S0NETOPS'],
        accounts: ['prod'],
        regions: ['cn-hongkong'],
      },
      { name: 'finance-team', users: ['W0FINANCE'], accounts: ['finance'] },
    ]);
    expect(audit).toEqual({ channel: 'C0AUDIT' });
    expect(defaultAccount(result.accounts).name).toBe('prod');
  });

  it('gives an account without regions MIRRORS_REGIONS, and a lone account is the default', () => {
    const result = parseAccountsConfig('accounts:\n  - name: prod\n', REGIONS);
    expect(result.ok && result.accounts.accounts).toEqual([{ name: 'prod', regions: REGIONS, default: true }]);
    expect(result.ok && result.accounts.rules).toBeUndefined();
  });

  it('treats an empty file as no settings at all: the single account "default", open access', () => {
    const result = parseAccountsConfig('', REGIONS);
    expect(result.ok && result.accounts.accounts).toEqual([{ name: 'default', regions: REGIONS, default: true }]);
    expect(result.ok && result.accounts.rules).toBeUndefined();
  });

  it('names an unnamed rule by its position', () => {
    const result = parseAccountsConfig('access:\n  - users: [U0ONE]\n', REGIONS);
    expect(result.ok && result.accounts.rules?.[0]?.name).toBe('access[0]');
  });
});

describe('parseAccountsConfig: every kind of problem', () => {
  const cases: Array<{ kind: string; yaml: string; expected: RegExp }> = [
    {
      kind: 'unknown top-level key',
      yaml: 'acounts: []',
      expected: /^acounts is not a known key: did you mean `accounts`\?/,
    },
    {
      kind: 'unknown account key',
      yaml: 'accounts:\n  - name: prod\n    role-arn: x',
      expected: /accounts\[0\] \(prod\)\.role-arn is not a known key: did you mean `role_arn`\?/,
    },
    {
      kind: 'unknown rule key',
      yaml: 'access:\n  - usergroup: [S0NET]',
      expected: /access\[0\]\.usergroup is not a known key: did you mean `usergroups`\?/,
    },
    {
      kind: 'unknown key without a near one',
      yaml: 'audit:\n  webhook: x',
      expected: /audit\.webhook is not a known key: allowed keys are channel/,
    },
    {
      kind: 'malformed role_arn (short account id)',
      yaml: 'accounts:\n  - name: prod\n    role_arn: acs:ram::12345:role/x',
      expected:
        /role_arn "acs:ram::12345:role\/x" is not a RAM role ARN: use acs:ram::<16-digit account id>:role\/<role name>/,
    },
    {
      kind: 'malformed role_arn (an AWS ARN)',
      yaml: 'accounts:\n  - name: prod\n    role_arn: arn:aws:iam::123456789012:role/x',
      expected: /is not a RAM role ARN/,
    },
    {
      kind: 'malformed region in an account',
      yaml: 'accounts:\n  - name: prod\n    regions: [hongkong]',
      expected: /accounts\[0\] \(prod\)\.regions has "hongkong": region ids look like cn-hongkong/,
    },
    {
      kind: 'malformed region in a rule',
      yaml: 'access:\n  - regions: [Mars-1]',
      expected: /access\[0\]\.regions has "mars-1": region ids look like/,
    },
    {
      kind: 'malformed user id',
      yaml: 'access:\n  - users: [alice]',
      expected: /access\[0\]\.users has "alice": user ids look like U0123ABCD or W0123ABCD/,
    },
    {
      kind: 'channel name instead of id',
      yaml: 'access:\n  - channels: ["#incident"]',
      expected: /access\[0\]\.channels has "#incident": channels are ids such as C0123ABCD/,
    },
    {
      kind: 'malformed usergroup id',
      yaml: 'access:\n  - usergroups: [U0NOTAGROUP]',
      expected: /usergroups has "U0NOTAGROUP": user group ids look like S0123ABCD/,
    },
    {
      kind: 'malformed account name',
      yaml: 'accounts:\n  - name: Prod_1',
      expected: /accounts\[0\] \(Prod_1\)\.name "Prod_1" must be 1-32 lower-case letters, digits and dashes/,
    },
    {
      kind: 'missing account name',
      yaml: 'accounts:\n  - regions: [cn-hongkong]',
      expected: /accounts\[0\]\.name is missing/,
    },
    {
      kind: 'duplicate account names',
      yaml: 'accounts:\n  - name: prod\n    default: true\n  - name: prod',
      expected: /accounts\[1\] \(prod\)\.name "prod" is used by an earlier account: names must be unique/,
    },
    {
      kind: 'two defaults',
      yaml: 'accounts:\n  - name: prod\n    default: true\n  - name: finance\n    default: true',
      expected: /accounts "prod" and "finance" are all marked default: true; at most one may be/,
    },
    {
      kind: 'several accounts, no default',
      yaml: 'accounts:\n  - name: prod\n  - name: finance',
      expected: /no account has default: true/,
    },
    {
      kind: 'default that is not a boolean',
      yaml: 'accounts:\n  - name: prod\n    default: yes',
      expected: /accounts\[0\] \(prod\)\.default must be true or false, got "yes"/,
    },
    {
      kind: 'rule naming an unknown account',
      yaml: 'accounts:\n  - name: prod\naccess:\n  - accounts: [prdo]',
      expected: /access\[0\]\.accounts names "prdo", which is not an account in accounts: did you mean "prod"\?/,
    },
    {
      kind: "rule region outside its account's regions",
      yaml: 'accounts:\n  - name: prod\n    regions: [cn-hongkong]\naccess:\n  - accounts: [prod]\n    regions: [cn-beijing]',
      expected: /access\[0\]\.regions has "cn-beijing", which is not a region of its accounts: prod \(cn-hongkong\)/,
    },
    {
      kind: 'rule region outside every account',
      yaml: 'access:\n  - regions: [ap-southeast-1]',
      expected: /has "ap-southeast-1", which is not a region of any account: default \(cn-hongkong, cn-shanghai\)/,
    },
    {
      kind: 'empty access list',
      yaml: 'access: []',
      expected: /access is an empty list, which would refuse everyone/,
    },
    {
      kind: 'empty list inside a rule',
      yaml: 'access:\n  - users: []',
      expected: /access\[0\]\.users is an empty list, which matches nothing/,
    },
    {
      kind: 'scalar where a list belongs',
      yaml: 'access:\n  - channels: C0INCIDENT',
      expected: /access\[0\]\.channels must be a list, such as \[C0INCIDENT, dm, home\], got "C0INCIDENT"/,
    },
    {
      kind: 'audit channel that is not a channel',
      yaml: 'audit:\n  channel: dm',
      expected: /audit\.channel "dm" must be a channel id such as C0AUDIT/,
    },
    { kind: 'not a mapping at all', yaml: '- just\n- a list', expected: /the file must be a mapping/ },
    { kind: 'not YAML', yaml: 'accounts: [prod,\n', expected: /^not valid YAML: .*line/ },
    { kind: 'duplicate YAML keys', yaml: 'audit: {}\naudit: {}', expected: /^not valid YAML: Map keys must be unique/ },
  ];

  it.each(cases)('$kind', ({ yaml, expected }) => {
    const problems = problemsOf(yaml);
    expect(
      problems.some((p) => expected.test(p)),
      problems.join('\n'),
    ).toBe(true);
  });

  it('reports all six problems of a file that has six different ones, in one list', () => {
    const yaml = `
accounts:
  - name: prod
    role_arn: acs:ram::42:role/mirrors-read
    regions: [cn-hongkong]
    default: true
  - name: finance
    regions: [cn-hongkong]
    default: true
access:
  - name: responders
    users: [alice]
    accounts: [payroll]
    chanels: [C0INCIDENT]
audit:
  channel: general
`;
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(6);
    expect(problems.join('\n')).toMatch(/role_arn/);
    expect(problems.join('\n')).toMatch(/at most one may be/);
    expect(problems.join('\n')).toMatch(/users has "alice"/);
    expect(problems.join('\n')).toMatch(/names "payroll"/);
    expect(problems.join('\n')).toMatch(/chanels is not a known key: did you mean `channels`/);
    expect(problems.join('\n')).toMatch(/audit\.channel "general"/);
  });
});

describe('loadAccounts / checkConfigFile: the file on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'mirrors-config-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('without MIRRORS_CONFIG and without ./mirrors.yml, is today: one account "default" with MIRRORS_REGIONS', () => {
    const result = loadAccounts({}, { cwd: dir, defaultRegions: ['ap-southeast-1'] });
    expect(result).toEqual({
      ok: true,
      accounts: { accounts: [{ name: 'default', regions: ['ap-southeast-1'], default: true }], audit: {} },
    });
    expect(checkConfigFile(undefined, {}, { cwd: dir, defaultRegions: REGIONS })).toEqual({
      ok: true,
      message: 'ok: 1 account, 0 rules (no config file: the single account "default")',
    });
  });

  it('reads ./mirrors.yml when it is there', () => {
    writeFileSync(path.join(dir, 'mirrors.yml'), VALID);
    const result = loadAccounts({}, { cwd: dir, defaultRegions: REGIONS });
    expect(result.ok && result.accounts.accounts.map((a) => a.name)).toEqual(['prod', 'finance']);
    expect(result.ok && result.accounts.source).toBe(path.join(dir, 'mirrors.yml'));
  });

  it('reads the file MIRRORS_CONFIG names, relative to the working directory', () => {
    writeFileSync(path.join(dir, 'policy.yaml'), VALID);
    const accounts = loadAccountsOrThrow({ MIRRORS_CONFIG: 'policy.yaml' }, { cwd: dir, defaultRegions: REGIONS });
    expect(accounts.rules).toHaveLength(2);
  });

  it('refuses a MIRRORS_CONFIG that names a missing file instead of falling back', () => {
    const result = loadAccounts({ MIRRORS_CONFIG: 'nope.yml' }, { cwd: dir, defaultRegions: REGIONS });
    expect(result).toEqual({
      ok: false,
      source: path.join(dir, 'nope.yml'),
      problems: ['the config file (named by MIRRORS_CONFIG) does not exist'],
    });
    expect(() => loadAccountsOrThrow({ MIRRORS_CONFIG: 'nope.yml' }, { cwd: dir, defaultRegions: REGIONS })).toThrow(
      /nope\.yml has 1 problem:\n {2}- the config file \(named by MIRRORS_CONFIG\) does not exist/,
    );
  });

  it('refuses a directory and an unreadable file', () => {
    expect(loadAccounts({ MIRRORS_CONFIG: dir }, { cwd: dir, defaultRegions: REGIONS })).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/is a directory/)],
    });
    const locked = path.join(dir, 'locked.yml');
    writeFileSync(locked, VALID);
    chmodSync(locked, 0o000);
    const result = loadAccounts({ MIRRORS_CONFIG: locked }, { cwd: dir, defaultRegions: REGIONS });
    // root can read anything: then the file is simply valid.
    if (process.getuid?.() !== 0) {
      expect(result).toMatchObject({
        ok: false,
        problems: [expect.stringMatching(/cannot be read: permission denied/)],
      });
    } else {
      expect(result.ok).toBe(true);
    }
  });

  it('--check-config: "ok: N accounts, M rules", or every problem with the file named', () => {
    const good = path.join(dir, 'good.yml');
    writeFileSync(good, VALID);
    expect(checkConfigFile(good, {}, { cwd: dir, defaultRegions: REGIONS })).toEqual({
      ok: true,
      message: `ok: 2 accounts, 2 rules (${good})`,
    });
    const bad = path.join(dir, 'bad.yml');
    writeFileSync(bad, 'accounts:\n  - name: A\naudit: {channel: x}\n');
    const checked = checkConfigFile('bad.yml', {}, { cwd: dir, defaultRegions: REGIONS });
    expect(checked.ok).toBe(false);
    expect(checked.message).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} has 2 problems:\n`));
  });

  it('reads MIRRORS_REGIONS like config.ts does, for --check-config', () => {
    expect(envRegions({})).toEqual(['cn-hongkong']);
    expect(envRegions({ MIRRORS_REGIONS: ' CN-Shanghai, cn-hongkong ,cn-shanghai' })).toEqual([
      'cn-shanghai',
      'cn-hongkong',
    ]);
  });
});

describe('checkConfigRequest', () => {
  it.each([
    [['node', 'main.js'], undefined],
    [['node', 'main.js', '--check-config'], { file: undefined }],
    [['node', 'main.js', '--check-config', 'ops/mirrors.yml'], { file: 'ops/mirrors.yml' }],
    [['node', 'main.js', '--check-config', '--sandbox'], { file: undefined }],
  ])('%j -> %j', (argv, expected) => {
    expect(checkConfigRequest(argv)).toEqual(expected);
  });
});
