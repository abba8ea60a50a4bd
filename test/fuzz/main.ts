import { fuzz } from './engine';

/**
 * `npm run fuzz [-- --count N --seconds S --seed X --concurrency C]` (or FUZZ_COUNT, FUZZ_SECONDS, FUZZ_SEED,
 * FUZZ_CONCURRENCY): a long fuzz run, bounded by whichever of count and time runs out first. Exits 1 on any
 * violation.
 */
function option(name: string, fallback: number): number {
  const flag = process.argv.indexOf(`--${name}`);
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env[`FUZZ_${name.toUpperCase()}`];
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

async function main(): Promise<void> {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';
  const count = option('count', 100_000);
  const seconds = option('seconds', 600);
  const seed = option('seed', Date.now() % 2 ** 31);
  const concurrency = option('concurrency', 48);
  console.log(`fuzzing: up to ${count} inputs or ${seconds} s, ${concurrency} at a time, seed ${seed}`);
  const started = performance.now();
  const report = await fuzz({
    count,
    seconds,
    seed,
    concurrency,
    onProgress: (inputs) =>
      console.log(`  ${inputs} inputs sent (${((performance.now() - started) / 1000).toFixed(0)} s)`),
  });
  const rate = Math.round(report.inputs / (report.durationMs / 1000));
  console.log(
    [
      `inputs:        ${report.inputs} (${rate}/s)`,
      `per kind:      ${Object.entries(report.perKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
      `click values:  ${Object.entries(report.clicksByValue)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
      `slack bodies:  ${report.slackMessages}`,
      `vpc calls:     ${report.vpcCalls}`,
      `log lines:     ${report.logLines}`,
      `loop delay:    p99 ${report.loopDelayMs.p99} ms, max ${report.loopDelayMs.max} ms`,
      `warnings:      ${Object.keys(report.warnings).length === 0 ? 'none' : ''}`,
      ...Object.entries(report.warnings)
        .sort(([, a], [, b]) => b - a)
        .map(([message, n]) => `  ${String(n).padStart(6)}  ${message}`),
      `violations:    ${report.violations.length}`,
      ...report.violations.slice(0, 50).map((v) => `  - ${v}`),
      `duration:      ${(report.durationMs / 1000).toFixed(1)} s`,
      `seed:          ${report.seed}`,
    ].join('\n'),
  );
  process.exit(report.violations.length > 0 ? 1 : 0);
}

main().catch((error: unknown) => {
  console.error(`fuzz failed to run: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
