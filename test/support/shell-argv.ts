/**
 * What a POSIX shell makes of a script: every `aliyun` command it would run, as argv. `aliyun` is a shell function
 * that prints its arguments (a count, then each, NUL-terminated), so nothing else runs and nothing leaves the
 * machine. Run under dash (strict POSIX) and bash, which a runbook may use.
 */
import { spawnSync } from 'node:child_process';

export const SHELLS = ['dash', 'bash'] as const;
export type Shell = (typeof SHELLS)[number];

const PRELUDE = `aliyun() { printf '%s\\0' "$#" "$@"; }\n`;

export function aliyunCalls(script: string, shell: Shell): string[][] {
  const run = spawnSync(shell, ['-c', PRELUDE + script], { encoding: 'buffer', env: { PATH: '/usr/bin:/bin' } });
  if (run.status !== 0) throw new Error(`${shell} exited ${run.status}: ${run.stderr.toString('utf8')}`);
  const fields = run.stdout.toString('utf8').split('\0');
  fields.pop();
  const calls: string[][] = [];
  for (let i = 0; i < fields.length; ) {
    const count = Number(fields[i]);
    calls.push(fields.slice(i + 1, i + 1 + count));
    i += 1 + count;
  }
  return calls;
}
