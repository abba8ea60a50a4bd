/**
 * MIRRORS_CONFIG (default ./mirrors.yml, if present) -> Accounts. Every problem in the file is collected and
 * reported at once, each naming where it is and the rule it breaks, so an operator (or a CI job running
 * `--check-config`) fixes the file in one pass. Nothing starts half-configured: a file with any problem is refused
 * whole. Without a file and without MIRRORS_CONFIG, the bot behaves as it always has: one account, "default".
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { isRegionId } from '../query';
import { editDistance } from '../query/suggest';
import { type AccessRule, type Account, type Accounts, singleAccount } from './model';
import { ACCOUNT_NAME, CHANNEL_ID, isChannelWord, ROLE_ARN, USER_ID, USERGROUP_ID } from './shapes';

const CONFIG_VARIABLE = 'MIRRORS_CONFIG';
const DEFAULT_CONFIG_FILE = 'mirrors.yml';
/** A policy file is a page of YAML; anything near this size is a mistake (a log, a binary). */
const MAX_FILE_BYTES = 256 * 1024;

const TOP_KEYS = ['accounts', 'access', 'audit'] as const;
const ACCOUNT_KEYS = ['name', 'role_arn', 'regions', 'default'] as const;
const RULE_KEYS = ['name', 'channels', 'users', 'usergroups', 'accounts', 'regions'] as const;
const AUDIT_KEYS = ['channel'] as const;

export type AccountsResult =
  | { ok: true; accounts: Accounts }
  | { ok: false; source: string; problems: readonly string[] };

export class AccountsConfigError extends Error {
  override readonly name = 'AccountsConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(problemReport(source, problems));
  }
}

function problemReport(source: string, problems: readonly string[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return `${source} has ${count}:\n${problems.map((p) => `  - ${p}`).join('\n')}`;
}

// ---- reading ----------------------------------------------------------------------------------------------------

export interface LoadAccountsOptions {
  /** Where a relative MIRRORS_CONFIG and the default mirrors.yml are looked for. Default process.cwd(). */
  cwd?: string;
  /** Regions for an account that lists none, and for the built-in "default" account: MIRRORS_REGIONS. */
  defaultRegions: readonly string[];
}

/** Reads the file MIRRORS_CONFIG names (or ./mirrors.yml when present); no file at all = today's single account. */
export function loadAccounts(env: NodeJS.ProcessEnv, options: LoadAccountsOptions): AccountsResult {
  const cwd = options.cwd ?? process.cwd();
  const named = env[CONFIG_VARIABLE]?.trim();
  if (named) return readAccountsFile(path.resolve(cwd, named), options.defaultRegions, CONFIG_VARIABLE);
  const fallback = path.join(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(fallback)) return { ok: true, accounts: singleAccount(options.defaultRegions) };
  return readAccountsFile(fallback, options.defaultRegions);
}

/** Like loadAccounts, but throws AccountsConfigError listing every problem: for start-up. */
export function loadAccountsOrThrow(env: NodeJS.ProcessEnv, options: LoadAccountsOptions): Accounts {
  const result = loadAccounts(env, options);
  if (!result.ok) throw new AccountsConfigError(result.source, result.problems);
  return result.accounts;
}

function readAccountsFile(file: string, defaultRegions: readonly string[], namedBy?: string): AccountsResult {
  const via = namedBy ? ` (named by ${namedBy})` : '';
  const unreadable = (why: string): AccountsResult => ({
    ok: false,
    source: file,
    problems: [`the config file${via} ${why}`],
  });
  let text: string;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) return unreadable('is a directory: name a YAML file such as mirrors.yml');
    if (stat.size > MAX_FILE_BYTES) return unreadable(`is ${stat.size} bytes, more than a config file's 256 KiB`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    if (code === 'ENOENT') return unreadable('does not exist');
    if (code === 'EACCES' || code === 'EPERM') return unreadable('cannot be read: permission denied');
    return unreadable(`cannot be read${code ? ` (${code})` : ''}`);
  }
  const parsed = parseAccountsConfig(text, defaultRegions);
  if (!parsed.ok) return { ok: false, source: file, problems: parsed.problems };
  return { ok: true, accounts: { ...parsed.accounts, source: file } };
}

/** What `--check-config [path]` prints, and whether it passed. */
export function checkConfigFile(
  file: string | undefined,
  env: NodeJS.ProcessEnv,
  options: LoadAccountsOptions,
): { ok: boolean; message: string } {
  const result =
    file === undefined
      ? loadAccounts(env, options)
      : readAccountsFile(path.resolve(options.cwd ?? process.cwd(), file), options.defaultRegions);
  if (!result.ok) return { ok: false, message: problemReport(result.source, result.problems) };
  const { accounts, rules, source } = result.accounts;
  const counts = `${accounts.length} ${accounts.length === 1 ? 'account' : 'accounts'}, ${rules?.length ?? 0} ${rules?.length === 1 ? 'rule' : 'rules'}`;
  const from = source ? ` (${source})` : ` (no config file: the single account "default")`;
  return { ok: true, message: `ok: ${counts}${from}` };
}

// ---- parsing and validation (pure) ------------------------------------------------------------------------------

export function parseAccountsConfig(
  text: string,
  defaultRegions: readonly string[],
): { ok: true; accounts: Accounts } | { ok: false; problems: string[] } {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Only the first line of each: the rest is a snippet of the file, which the operator has anyway.
    const problems = doc.errors.map((e) => `not valid YAML: ${(e.message.split('\n')[0] ?? e.code).replace(/:$/, '')}`);
    return { ok: false, problems };
  }
  const root: unknown = doc.toJS();
  const problems: string[] = [];
  const accounts = validate(root ?? {}, defaultRegions, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, accounts };
}

type Mapping = Record<string, unknown>;

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** A value as it appears in a message: JSON-quoted, one line, cut short. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The nearest allowed key, when the typed one is a plausible typo of it. */
function nearest(typed: string, allowed: readonly string[]): string | undefined {
  const word = typed.toLowerCase().replace(/-/g, '_');
  let best: { key: string; d: number } | undefined;
  for (const key of allowed) {
    const d = editDistance(word, key);
    if (d <= Math.max(1, Math.min(3, Math.floor(key.length / 3))) && (!best || d < best.d)) best = { key, d };
  }
  return best?.key;
}

function checkKeys(where: string, map: Mapping, allowed: readonly string[], problems: string[]): void {
  for (const key of Object.keys(map)) {
    if (allowed.includes(key)) continue;
    const guess = nearest(key, allowed);
    const hint = guess ? `: did you mean \`${guess}\`?` : `: allowed keys are ${allowed.join(', ')}`;
    problems.push(`${where}${where ? '.' : ''}${key} is not a known key${hint}`);
  }
}

/** A list of strings, or undefined (absent). Reports a non-list, non-strings and an empty list. */
function stringList(where: string, value: unknown, example: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${where} must be a list, such as [${example}], got ${shown(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    problems.push(`${where} is an empty list, which matches nothing: leave the key out to mean "any"`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of value) {
    if (typeof item === 'string') out.push(item.trim());
    else problems.push(`${where} has ${shown(item)}, which is not text: write ids and names as in [${example}]`);
  }
  return [...new Set(out)];
}

function checkEach(
  where: string,
  values: readonly string[] | undefined,
  ok: (value: string) => boolean,
  rule: string,
  problems: string[],
): void {
  for (const value of values ?? []) if (!ok(value)) problems.push(`${where} has ${shown(value)}: ${rule}`);
}

function regionList(where: string, value: unknown, problems: string[]): string[] | undefined {
  const list = stringList(where, value, 'cn-hongkong, cn-shanghai', problems)?.map((r) => r.toLowerCase());
  checkEach(where, list, isRegionId, 'region ids look like cn-hongkong or ap-southeast-1', problems);
  return list?.filter(isRegionId);
}

function validate(root: unknown, defaultRegions: readonly string[], problems: string[]): Accounts {
  if (!isMapping(root)) {
    problems.push(`the file must be a mapping with the keys ${TOP_KEYS.join(', ')}, got ${shown(root)}`);
    return singleAccount(defaultRegions);
  }
  checkKeys('', root, TOP_KEYS, problems);
  const accounts =
    root.accounts === undefined ? singleAccount(defaultRegions).accounts : accountList(root, defaultRegions, problems);
  const rules = root.access === undefined ? undefined : ruleList(root.access, accounts, problems);
  const audit = auditSettings(root.audit, problems);
  return rules === undefined ? { accounts, audit } : { accounts, rules, audit };
}

function accountList(root: Mapping, defaultRegions: readonly string[], problems: string[]): Account[] {
  const value = root.accounts;
  if (!Array.isArray(value) || value.length === 0) {
    problems.push(
      'accounts must be a list of accounts (each with name, regions, optional role_arn and default), or left out for the single account "default"',
    );
    return [];
  }
  const out: Account[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    let where = `accounts[${index}]`;
    if (!isMapping(entry)) {
      problems.push(`${where} must be a mapping with name, regions, role_arn and default, got ${shown(entry)}`);
      return;
    }
    const name = entry.name;
    if (typeof name === 'string' && name !== '') where += ` (${name})`;
    checkKeys(where, entry, ACCOUNT_KEYS, problems);
    let nameOk = false;
    if (name === undefined) problems.push(`${where}.name is missing: every account needs a name, such as prod`);
    else if (typeof name !== 'string' || !ACCOUNT_NAME.test(name))
      problems.push(`${where}.name ${shown(name)} must be 1-32 lower-case letters, digits and dashes, such as prod`);
    else if (seen.has(name))
      problems.push(`${where}.name "${name}" is used by an earlier account: names must be unique`);
    else nameOk = true;
    if (typeof name === 'string') seen.add(name);

    const arn = entry.role_arn;
    if (arn !== undefined && (typeof arn !== 'string' || !ROLE_ARN.test(arn))) {
      problems.push(
        `${where}.role_arn ${shown(arn)} is not a RAM role ARN: use acs:ram::<16-digit account id>:role/<role name>`,
      );
    }
    const isDefault = entry.default;
    if (isDefault !== undefined && typeof isDefault !== 'boolean')
      problems.push(`${where}.default must be true or false, got ${shown(isDefault)}`);
    const regions =
      entry.regions === undefined ? [...defaultRegions] : regionList(`${where}.regions`, entry.regions, problems);
    if (!nameOk || typeof name !== 'string') return;
    out.push({
      name,
      ...(typeof arn === 'string' && ROLE_ARN.test(arn) ? { roleArn: arn } : {}),
      regions: regions ?? [],
      default: isDefault === true,
    });
  });

  const defaults = out.filter((a) => a.default);
  if (defaults.length > 1) {
    problems.push(
      `accounts ${defaults.map((a) => `"${a.name}"`).join(' and ')} are all marked default: true; at most one may be`,
    );
  }
  if (defaults.length === 0 && value.length > 1) {
    problems.push('no account has default: true: with several accounts, mark the one a command without account: uses');
  }
  if (defaults.length === 0 && out.length === 1 && out[0]) out[0] = { ...out[0], default: true };
  return out;
}

function ruleList(value: unknown, accounts: readonly Account[], problems: string[]): AccessRule[] {
  if (!Array.isArray(value)) {
    problems.push(`access must be a list of rules, got ${shown(value)}`);
    return [];
  }
  if (value.length === 0) {
    problems.push(
      'access is an empty list, which would refuse everyone: leave it out to allow everyone, or add a rule',
    );
    return [];
  }
  const byName = new Map(accounts.map((a) => [a.name, a]));
  const out: AccessRule[] = [];
  value.forEach((entry: unknown, index) => {
    let where = `access[${index}]`;
    if (!isMapping(entry)) {
      problems.push(`${where} must be a mapping with some of ${RULE_KEYS.join(', ')}, got ${shown(entry)}`);
      return;
    }
    const name = entry.name;
    if (name !== undefined && (typeof name !== 'string' || name.trim() === '' || name.length > 80))
      problems.push(`${where}.name must be text of 1-80 characters, got ${shown(name)}`);
    const ruleName = typeof name === 'string' && name.trim() !== '' ? name.trim() : `access[${index}]`;
    if (typeof name === 'string' && name.trim() !== '') where += ` (${ruleName})`;
    checkKeys(where, entry, RULE_KEYS, problems);

    const channels = stringList(`${where}.channels`, entry.channels, 'C0INCIDENT, dm, home', problems);
    checkEach(
      `${where}.channels`,
      channels,
      (c) => isChannelWord(c) || CHANNEL_ID.test(c),
      'channels are ids such as C0123ABCD or G0123ABCD (not #names, which can change), or the words dm and home',
      problems,
    );
    const users = stringList(`${where}.users`, entry.users, 'U0ONCALL', problems);
    checkEach(`${where}.users`, users, (u) => USER_ID.test(u), 'user ids look like U0123ABCD or W0123ABCD', problems);
    const usergroups = stringList(`${where}.usergroups`, entry.usergroups, 'S0NETOPS', problems);
    checkEach(
      `${where}.usergroups`,
      usergroups,
      (s) => USERGROUP_ID.test(s),
      'user group ids look like S0123ABCD',
      problems,
    );
    const ruleAccounts = stringList(`${where}.accounts`, entry.accounts, 'prod', problems);
    for (const name of ruleAccounts ?? []) {
      if (byName.has(name)) continue;
      const guess = nearest(name, [...byName.keys()]);
      problems.push(
        `${where}.accounts names "${name}", which is not an account in accounts${guess ? `: did you mean "${guess}"?` : ` (${[...byName.keys()].join(', ') || 'none'})`}`,
      );
    }
    const regions = regionList(`${where}.regions`, entry.regions, problems);
    const covered = (ruleAccounts ?? [...byName.keys()]).flatMap((n) => byName.get(n) ?? []);
    if (covered.length > 0) {
      for (const region of regions ?? []) {
        if (covered.some((a) => a.regions.includes(region))) continue;
        const which = covered.map((a) => `${a.name} (${a.regions.join(', ')})`).join(', ');
        problems.push(
          `${where}.regions has "${region}", which is not a region of ${ruleAccounts ? 'its accounts' : 'any account'}: ${which}`,
        );
      }
    }
    out.push({
      name: ruleName,
      ...(channels ? { channels } : {}),
      ...(users ? { users } : {}),
      ...(usergroups ? { usergroups } : {}),
      ...(ruleAccounts ? { accounts: ruleAccounts } : {}),
      ...(regions ? { regions } : {}),
    });
  });
  return out;
}

function auditSettings(value: unknown, problems: string[]): { channel?: string } {
  if (value === undefined || value === null) return {};
  if (!isMapping(value)) {
    problems.push(`audit must be a mapping such as { channel: C0AUDIT }, got ${shown(value)}`);
    return {};
  }
  checkKeys('audit', value, AUDIT_KEYS, problems);
  const channel = value.channel;
  if (channel === undefined) return {};
  // The audit line is posted with chat.postMessage: a channel the bot is in, not a DM word.
  if (typeof channel !== 'string' || !/^[CG][A-Z0-9]{2,20}$/.test(channel)) {
    problems.push(`audit.channel ${shown(channel)} must be a channel id such as C0AUDIT (invite the bot there)`);
    return {};
  }
  return { channel };
}

/**
 * MIRRORS_REGIONS as config.ts reads it, for `--check-config`, which runs before (and without) the rest of the
 * configuration. Malformed entries are left out here: config.ts reports them when the bot starts.
 */
export function envRegions(env: NodeJS.ProcessEnv): string[] {
  const text = env.MIRRORS_REGIONS?.trim() || 'cn-hongkong';
  return [...new Set(text.split(',').map((r) => r.trim().toLowerCase()))].filter(isRegionId);
}

/** `--check-config [path]` in argv: undefined when the flag is absent; `file` undefined = MIRRORS_CONFIG's rule. */
export function checkConfigRequest(argv: readonly string[]): { file: string | undefined } | undefined {
  const at = argv.indexOf('--check-config');
  if (at === -1) return undefined;
  const next = argv[at + 1];
  return { file: next !== undefined && !next.startsWith('--') ? next : undefined };
}
