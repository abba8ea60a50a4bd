/**
 * A test-only model of how the aliyun CLI (aliyun/aliyun-cli v3) reads its argv, after the shell has split it:
 * `cli/parser.go` (readNext, parseCommandArg, SplitStringWithPrefix), `cli/flag.go` (assigned modes, needValue,
 * validate) and `cli/context.go` (unknown flags become API parameters, added by name). Only the root flags a
 * generated line could hit by accident are listed; every other `--Name` is an API parameter, as in the CLI.
 *
 * It is here so the "Copy as CLI" lines are checked against the CLI's reading of them, not against our own.
 */

type Mode = 'none' | 'default' | 'once' | 'repeatable';

interface Flag {
  name: string;
  mode: Mode;
  known: boolean;
  assigned: boolean;
  value: string;
  values: string[];
}

/** Root flags (config/flags.go, openapi/flags.go): long name, shorthand, how it takes a value. */
const KNOWN: readonly { name: string; short?: string; mode: Mode }[] = [
  { name: 'profile', short: 'p', mode: 'once' },
  { name: 'mode', mode: 'once' },
  { name: 'region', mode: 'once' },
  { name: 'RegionId', mode: 'once' },
  { name: 'endpoint', short: 'e', mode: 'once' },
  { name: 'quiet', short: 'q', mode: 'none' },
  { name: 'yes', short: 'y', mode: 'none' },
  { name: 'force', mode: 'none' },
  { name: 'secure', mode: 'none' },
  { name: 'insecure', mode: 'none' },
  { name: 'dryrun', mode: 'none' },
  { name: 'method', mode: 'once' },
  { name: 'header', mode: 'repeatable' },
  { name: 'body', mode: 'once' },
  { name: 'pager', mode: 'repeatable' },
  { name: 'waiter', mode: 'repeatable' },
  { name: 'output', short: 'o', mode: 'repeatable' },
  { name: 'cli-query', mode: 'once' },
  { name: 'version', mode: 'once' },
];

export interface CliRun {
  /** Words that are neither flags nor flag values: product and API. */
  args: string[];
  /** Root flags that were set, with their value ('' for a switch); repeatable ones joined by a space. */
  root: Record<string, string>;
  /** What the request carries: every API parameter, plus RegionId copied in as the CLI does. */
  params: Record<string, string>;
  /** The profile region the client is built for; without it the CLI stops with "default RegionId is empty!". */
  profileRegion?: string;
}

class CliParseError extends Error {}

/** The index of the first of `=` or `:`: the CLI splits `--Flag=value` (and `-x:value`) there. */
function split(word: string): { prefix: string; value: string } {
  const i = word.search(/[=:]/);
  return i < 0 ? { prefix: word, value: '' } : { prefix: word.slice(0, i), value: word.slice(i + 1) };
}

function needValue(flag: Flag): boolean {
  if (flag.mode === 'none') return false;
  if (flag.mode === 'repeatable') return true;
  return flag.value === '';
}

function assign(flag: Flag, value: string): void {
  if (flag.mode === 'none') throw new CliParseError(`flag --${flag.name} can't be assiged`);
  flag.assigned = true;
  flag.value = value;
  if (flag.mode === 'repeatable') flag.values.push(value);
}

/** Reads argv (without the program name) as `aliyun` does. Throws CliParseError where the CLI would stop. */
export function parseAliyunArgv(argv: readonly string[]): CliRun {
  const flags = new Map<string, Flag>();
  const byShort = new Map<string, string>();
  for (const k of KNOWN) {
    flags.set(k.name, { name: k.name, mode: k.mode, known: true, assigned: false, value: '', values: [] });
    if (k.short) byShort.set(k.short, k.name);
  }
  const detect = (name: string): Flag => {
    const existing = flags.get(name);
    if (existing) return existing;
    // context.go detectFlag: an unknown name becomes a new flag, AssignedDefault, an API parameter.
    const added: Flag = { name, mode: 'default', known: false, assigned: false, value: '', values: [] };
    flags.set(name, added);
    return added;
  };

  const args: string[] = [];
  let current: Flag | undefined;
  for (const word of argv) {
    const { prefix, value: split_ } = split(word);
    let flag: Flag | undefined;
    let value = split_;
    if (prefix.startsWith('-')) {
      if (prefix.startsWith('---')) value = word;
      else if (prefix.startsWith('--')) {
        if (prefix.length === 2) throw new CliParseError("not support '--' in command line");
        flag = detect(prefix.slice(2));
      } else if (prefix.length === 2) {
        const c = prefix.charAt(1);
        flag = detect(byShort.get(c) ?? c);
      }
      // A longer `-xyz` is no flag (the API commands allow unknown forms): only what follows its `=` is read, as a
      // value.
    } else {
      value = word;
    }

    if (flag) {
      // setIsAssigned: a flag given twice is an error unless it repeats.
      if (flag.assigned && flag.mode !== 'repeatable') throw new CliParseError(`--${flag.name} duplicated`);
      flag.assigned = true;
    }

    if (!flag) {
      if (current) {
        assign(current, value);
        if (!needValue(current)) current = undefined;
      } else if (value !== '') {
        args.push(value);
      }
    } else {
      if (current) {
        if (current.mode === 'once' && current.value === '')
          throw new CliParseError(`--${current.name} must be assigned with value`);
        current = undefined;
      }
      if (value !== '') assign(flag, value);
      else if (needValue(flag)) current = flag;
    }
  }
  if (current && current.mode === 'once' && current.value === '')
    throw new CliParseError(`--${current.name} must be assigned with value`);

  const root: Record<string, string> = {};
  const params: Record<string, string> = {};
  for (const f of flags.values()) {
    if (!f.assigned) continue;
    if (f.known) root[f.name] = f.mode === 'repeatable' ? f.values.join(' ') : f.value;
    else params[f.name] = f.value;
  }
  if (root.RegionId !== undefined) params.RegionId = root.RegionId;
  return { args, root, params, ...(root.region !== undefined ? { profileRegion: root.region } : {}) };
}
