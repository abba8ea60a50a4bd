import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * No Docker engine runs here, so this replays the Dockerfile's steps in clean folders: each stage's COPY and RUN,
 * then the image's CMD and its HEALTHCHECK. It proves the build works from the files the image would get (a file
 * missing from a COPY fails here) and that the runtime stage has no dev dependencies.
 */
const root = join(__dirname, '..', '..');
const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | undefined;
  steps: Instruction[];
}

function parseDockerfile(text: string): Stage[] {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of logical) {
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const [image = '', , name] = args.split(/\s+/);
      stages.push({ from: image, name, steps: [] });
    } else stages.at(-1)?.steps.push({ op: op.toUpperCase(), args });
  }
  return stages;
}

const stages = parseDockerfile(dockerfile);
/** The runtime stage's one root-only step: the data directory, made and handed to `node`. */
const DATA_DIR_STEP = /^install -d -o node -g node -m 0750 (\/\S+)$/;
const work: string[] = [];
// Deleting two replayed node_modules trees takes seconds alone and over a minute on a loaded 2-core machine.
afterAll(() => {
  for (const dir of work) rmSync(dir, { recursive: true, force: true });
}, 300_000);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs one stage in a fresh folder. `--from=stage` copies come from an earlier stage's folder. */
function replay(
  stage: Stage,
  built: Map<string, string>,
): { dir: string; env: Record<string, string>; user: string | undefined } {
  const dir = mkdtempSync(join(tmpdir(), `mirrors-docker-${stage.name ?? 'stage'}-`));
  work.push(dir);
  const env: Record<string, string> = {};
  const dataDirs = new Map<string, string>();
  let user: string | undefined;
  for (const { op, args } of stage.steps) {
    if (op === 'COPY') {
      const parts = args.split(/\s+/);
      const fromFlag = parts.find((p) => p.startsWith('--from='));
      const paths = parts.filter((p) => !p.startsWith('--'));
      const dest = paths.pop() ?? '.';
      const sourceRoot = fromFlag ? built.get(fromFlag.slice('--from='.length)) : root;
      if (!sourceRoot) throw new Error(`COPY --from an unknown stage: ${args}`);
      for (const source of paths) {
        const from = fromFlag ? join(sourceRoot, source.replace(/^\/app\/?/, '')) : join(sourceRoot, source);
        if (!existsSync(from)) throw new Error(`COPY source missing: ${source}`);
        const target =
          dest.endsWith('/') || paths.length > 1 ? join(dir, dest, source.split('/').pop() ?? source) : join(dir, dest);
        cpSync(from, target, { recursive: true });
      }
    } else if (op === 'RUN' && DATA_DIR_STEP.test(args)) {
      // Making a root-owned path needs root; the replay makes it inside the stage's folder (ownership is checked
      // from the Dockerfile's text above) and points MIRRORS_DATA_DIR there.
      const path = DATA_DIR_STEP.exec(args)?.[1] ?? '';
      mkdirSync(join(dir, path), { recursive: true });
      dataDirs.set(path, join(dir, path));
    } else if (op === 'RUN') {
      // The replay shares the developer's npm cache, so the cache clean that slims the image is left out here.
      const command = args.replace(/&&\s*npm cache clean --force/, '');
      const result = spawnSync('sh', ['-c', command], {
        cwd: dir,
        env: { ...process.env, ...env, CI: 'true' },
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`RUN ${command} failed:\n${result.stdout}\n${result.stderr}`);
    } else if (op === 'ENV') {
      // KEY=value or KEY="value with spaces", as Docker reads them.
      for (const match of args.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)) env[match[1]!] = match[2] ?? match[3]!;
    } else if (op === 'USER') user = args;
  }
  for (const [key, value] of Object.entries(env)) env[key] = dataDirs.get(value) ?? value;
  if (stage.name) built.set(stage.name, dir);
  return { dir, env, user };
}

describe('Dockerfile', () => {
  it('is multi-stage on Node 22 LTS, runs as non-root, and checks /healthz', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.from).toMatch(/^node:22[.-]/);
    const runtime = stages.at(-1)!;
    expect(runtime.steps.find((s) => s.op === 'USER')?.args).toBe('node');
    expect(runtime.steps.some((s) => s.op === 'RUN' && /npm ci --omit=dev/.test(s.args))).toBe(true);
    expect(runtime.steps.find((s) => s.op === 'HEALTHCHECK')?.args).toContain('/healthz');
    // The bot runs with its heap capped (bench: churn), and npm ci before it without.
    const steps = runtime.steps.map((s) => `${s.op} ${s.args}`);
    const capped = steps.findIndex((s) => s.startsWith('ENV NODE_OPTIONS="--max-old-space-size='));
    expect(capped).toBeGreaterThan(steps.findIndex((s) => s.startsWith('RUN npm ci')));
    expect(runtime.steps.find((s) => s.op === 'CMD')?.args).toContain('dist/main.js');
  });

  it('gives watches a data directory the node user can write, as a volume, before dropping root', () => {
    const runtime = stages.at(-1)!;
    const env = runtime.steps
      .filter((s) => s.op === 'ENV')
      .map((s) => s.args)
      .join(' ');
    const dataDir = /MIRRORS_DATA_DIR=(\S+)/.exec(env)?.[1];
    expect(dataDir).toBe('/var/lib/mirrors');
    const made = runtime.steps.findIndex((s) => s.op === 'RUN' && DATA_DIR_STEP.exec(s.args)?.[1] === dataDir);
    const volume = runtime.steps.findIndex((s) => s.op === 'VOLUME' && s.args.includes(`"${dataDir}"`));
    const user = runtime.steps.findIndex((s) => s.op === 'USER');
    expect(made).toBeGreaterThanOrEqual(0);
    expect(volume).toBeGreaterThan(made);
    expect(user).toBeGreaterThan(volume);
    // The Kubernetes Deployment mounts its volume at the same path.
    const deployment = readFileSync(join(root, 'deploy', 'kubernetes', 'deployment.yaml'), 'utf8');
    expect(deployment).toContain(`mountPath: ${dataDir}`);
  });

  it('builds from a clean copy, ships no dev dependencies, and its CMD passes its own HEALTHCHECK', async () => {
    const built = new Map<string, string>();
    let last: ReturnType<typeof replay> | undefined;
    for (const stage of stages) last = replay(stage, built);
    const runtime = last!;
    expect(existsSync(join(runtime.dir, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(join(runtime.dir, 'node_modules', '@slack', 'bolt'))).toBe(true);
    for (const dev of ['vitest', 'typescript', 'nock', 'playwright-core'])
      expect(existsSync(join(runtime.dir, 'node_modules', dev))).toBe(false);
    expect(existsSync(join(runtime.dir, 'src'))).toBe(false);

    const cmd = JSON.parse(stages.at(-1)!.steps.find((s) => s.op === 'CMD')!.args) as string[];
    const healthcheck = stages.at(-1)!.steps.find((s) => s.op === 'HEALTHCHECK')!.args;
    const check = JSON.parse(healthcheck.slice(healthcheck.indexOf('CMD') + 3).trim()) as string[];
    const port = await freePort();
    const bare: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: runtime.dir,
      ...runtime.env,
      PORT: String(port),
      ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
    };
    // Nothing configured: a sandbox in a container would listen where nobody can reach it, so the image explains
    // what to set and exits instead.
    const refused = spawnSync(cmd[0]!, cmd.slice(1), {
      cwd: runtime.dir,
      env: bare,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('nothing configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
    expect(refused.stderr).toContain('MIRRORS_SANDBOX=1');
    expect(refused.stderr).not.toContain('    at ');
    expect(refused.stdout).not.toContain('sandbox is running');
    // Asked for, the sandbox runs (needing no secrets and reaching nothing outside) and passes the HEALTHCHECK.
    const env: NodeJS.ProcessEnv = { ...bare, MIRRORS_SANDBOX: '1' };
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: runtime.dir, env, stdio: 'pipe' });
    try {
      let healthy = false;
      for (let i = 0; i < 60 && !healthy; i++) {
        await new Promise((r) => setTimeout(r, 250));
        healthy = spawnSync(check[0]!, check.slice(1), { cwd: runtime.dir, env }).status === 0;
      }
      expect(healthy).toBe(true);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    // A stopped bot fails the same check.
    expect(spawnSync(check[0]!, check.slice(1), { cwd: runtime.dir, env }).status).not.toBe(0);
    expect(execFileSync('node', ['--version']).toString()).toMatch(/^v2\d\./);
    // Two npm ci runs, each compiling better-sqlite3 from source where no prebuilt binary can be downloaded.
  }, 900_000);
});
