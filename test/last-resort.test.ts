import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** In a child process: the handler changes process-wide behaviour, which a test worker must never take on. */
function run(install: boolean): { status: number | null; stdout: string; stderr: string } {
  const script = `
    const { createLogger } = require('./src/log');
    const { keepServingOnUnhandledRejection } = require('./src/last-resort');
    if (${install}) keepServingOnUnhandledRejection(createLogger('info'));
    Promise.reject(new TypeError("Cannot read properties of null (reading 'ssl_check') https://vpc.aliyuncs.com/?AccessKeyId=LTAIcanary0000000001&Signature=abc"));
    setTimeout(() => { console.log('still serving'); }, 200);
  `;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('last-resort unhandled rejection handler', () => {
  it('logs a scrubbed line without a stack and keeps the process serving', () => {
    const result = run(true);
    expect(result.status).toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain('still serving');
    expect(output).toContain('unhandled rejection (kept serving)');
    expect(output).toContain("reading 'ssl_check'");
    expect(output).not.toContain('LTAIcanary0000000001');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('is what makes the difference: without it the same rejection ends the process', () => {
    const result = run(false);
    expect(result.status).not.toBe(0);
    expect(result.stdout).not.toContain('still serving');
  });
});
