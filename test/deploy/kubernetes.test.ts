import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import {
  type KubernetesObject,
  kubernetesDir,
  memoryBytes,
  readObjects,
  readYamlDocuments,
  SECRET_SHAPES,
  schemaProblems,
  selects,
} from './manifests';

interface Kustomization {
  namespace: string;
  resources: string[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

const kustomization = readYamlDocuments(join(kubernetesDir, 'kustomization.yaml'))[0] as Kustomization;
const yamlFiles = readdirSync(kubernetesDir).filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml');
const applied: KubernetesObject[] = kustomization.resources.flatMap((file) => readObjects(join(kubernetesDir, file)));
const examples = yamlFiles.filter((f) => f.endsWith('.example.yaml'));

// Each object is checked against the schema before a test reads it through the matching type.
function one<T>(kind: string, name?: string): T {
  const found = applied.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0] as T;
}

const bot = one<IDeployment>('Deployment', 'mirrors');
const botPod = bot.spec!.template.spec!;
const botContainer = botPod.containers[0]!;
const env = one<IConfigMap>('ConfigMap', 'mirrors-env').data!;

function containerPort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

describe('the kustomization', () => {
  it('lists every manifest except the examples, and each listed file exists', () => {
    expect([...kustomization.resources].sort()).toEqual(yamlFiles.filter((f) => !examples.includes(f)).sort());
    expect(examples.sort()).toEqual(['ingress.example.yaml', 'secret.example.yaml']);
  });

  it('never applies a Secret: real tokens are created outside the repository', () => {
    expect(applied.filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  it('puts everything in one namespace, the one labelled for RRSA injection', () => {
    const namespace = one<KubernetesObject>('Namespace');
    expect(namespace.metadata.name).toBe(kustomization.namespace);
    expect(namespace.metadata.labels?.['pod-identity.alibabacloud.com/injection']).toBe('on');
    for (const object of applied.filter((o) => o.kind !== 'Namespace')) {
      expect(object.metadata.namespace, `${object.kind} ${object.metadata.name}`).toBe(kustomization.namespace);
    }
  });

  it('sets the bot image by the name the Deployment uses', () => {
    expect(kustomization.images?.map((i) => i.name)).toContain(botContainer.image);
  });
});

describe('every manifest against the Kubernetes schema', () => {
  const all = yamlFiles.flatMap((file) => readObjects(join(kubernetesDir, file)).map((o) => ({ file, o })));

  it.each(all.map(({ file, o }) => [`${file}: ${o.kind} ${o.metadata.name}`, o] as const))('%s', (_, object) => {
    expect(schemaProblems(object)).toBeUndefined();
  });

  it('catches what the API server would refuse', () => {
    const clone = structuredClone(bot) as unknown as KubernetesObject & { spec: { replicas: unknown } };
    clone.spec.replicas = 'two';
    expect(schemaProblems(clone)).toMatch(/replicas/);

    const badPort = structuredClone(bot);
    (badPort.spec!.template.spec!.containers[0]!.ports![0] as { containerPort: unknown }).containerPort = 'http';
    expect(schemaProblems(badPort as KubernetesObject)).toMatch(/containerPort/);

    const noSelector = structuredClone(one<IPodDisruptionBudget>('PodDisruptionBudget'));
    (noSelector.spec as { minAvailable: unknown }).minAvailable = { one: 1 };
    expect(schemaProblems(noSelector as KubernetesObject)).toBeDefined();

    expect(schemaProblems({ ...bot, apiVersion: 'apps/v1beta9' } as KubernetesObject)).toMatch(/no Kubernetes schema/);
    expect(schemaProblems({ ...bot, kind: 'Deploymnet' } as KubernetesObject)).toMatch(/no Kubernetes schema/);
  });
});

describe('the bot Deployment', () => {
  it('runs at least two replicas and never takes one down before its replacement is ready', () => {
    expect(bot.spec!.replicas).toBeGreaterThanOrEqual(2);
    expect(bot.spec!.strategy?.type).toBe('RollingUpdate');
    expect(bot.spec!.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    expect(bot.spec!.strategy?.rollingUpdate?.maxSurge).toBeTruthy();
    expect(selects(bot.spec!.selector.matchLabels, bot.spec!.template.metadata?.labels)).toBe(true);
  });

  it('probes /healthz for liveness and start-up and /readyz for readiness, on the port the bot listens on', () => {
    const port = Number(env.PORT);
    const { livenessProbe, readinessProbe, startupProbe } = botContainer;
    expect(livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(startupProbe?.httpGet?.path).toBe('/healthz');
    expect(readinessProbe?.httpGet?.path).toBe('/readyz');
    for (const probe of [livenessProbe, readinessProbe, startupProbe]) {
      expect(containerPort(botContainer, probe?.httpGet?.port)).toBe(port);
    }
    // Start-up may wait out a slow Slack or Redis; liveness must not kill it meanwhile.
    const startupBudget = (startupProbe?.periodSeconds ?? 10) * (startupProbe?.failureThreshold ?? 3);
    expect(startupBudget).toBeGreaterThanOrEqual(30);
  });

  it('is scraped by Prometheus at /metrics on the same port', () => {
    const annotations = bot.spec!.template.metadata?.annotations ?? {};
    expect(annotations['prometheus.io/scrape']).toBe('true');
    expect(annotations['prometheus.io/path']).toBe('/metrics');
    expect(Number(annotations['prometheus.io/port'])).toBe(Number(env.PORT));
  });

  it('requests and limits resources sized for the 150 MB RSS goal, with the V8 heap below the limit', () => {
    const { requests, limits } = botContainer.resources ?? {};
    expect(requests?.cpu).toBeDefined();
    expect(limits?.cpu).toBeDefined();
    const request = memoryBytes(requests?.memory);
    const limit = memoryBytes(limits?.memory);
    expect(request).toBeGreaterThanOrEqual(150 * 1e6);
    expect(limit).toBeGreaterThanOrEqual(request);
    const heapMb = Number(/--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS ?? '')?.[1]);
    expect(heapMb * 2 ** 20).toBeLessThan(limit);
  });

  it('runs as non-root with a read-only root, no capabilities and the runtime seccomp profile', () => {
    expectLockedDown(botPod, botContainer);
    const tmp = botContainer.volumeMounts?.find((m) => m.mountPath === '/tmp');
    expect(botPod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  it('lets the 15 s drain (and its 20 s backstop) finish after the preStop pause', () => {
    const pause = Number(botContainer.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
    expect(botPod.terminationGracePeriodSeconds).toBeGreaterThan(20 + pause);
  });

  it('spreads replicas across nodes and zones', () => {
    const spread = botPod.topologySpreadConstraints ?? [];
    expect(spread.map((c) => c.topologyKey).sort()).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    for (const constraint of spread) {
      expect(selects(constraint.labelSelector?.matchLabels, bot.spec!.template.metadata?.labels)).toBe(true);
    }
  });

  it('takes Slack credentials from the Secret by name and settings from the ConfigMap', () => {
    const secret = readObjects(join(kubernetesDir, 'secret.example.yaml'))[0] as ISecret;
    const fromSecret = (botContainer.env ?? []).filter((e) => e.valueFrom?.secretKeyRef);
    expect(fromSecret.map((e) => e.name).sort()).toEqual(
      [
        'SLACK_APP_TOKEN',
        'SLACK_BOT_TOKEN',
        'SLACK_CLIENT_ID',
        'SLACK_CLIENT_SECRET',
        'SLACK_SIGNING_SECRET',
        'SLACK_STATE_SECRET',
      ].sort(),
    );
    for (const e of fromSecret) {
      expect(e.valueFrom?.secretKeyRef?.name).toBe(secret.metadata?.name);
      expect(e.valueFrom?.secretKeyRef?.key).toBe(e.name);
    }
    expect(botContainer.envFrom?.map((e) => e.configMapRef?.name)).toEqual(['mirrors-env']);
    for (const key of ['MIRRORS_REGIONS', 'MIRRORS_DEFAULT_REGION', 'LOG_LEVEL', 'REDIS_URL', 'MIRRORS_CONFIG']) {
      expect(env[key], key).toBeTruthy();
    }
  });

  it('mounts mirrors.yml where MIRRORS_CONFIG points and a volume at MIRRORS_DATA_DIR', () => {
    const configPath = env.MIRRORS_CONFIG!;
    const mount = botContainer.volumeMounts?.find((m) => configPath.startsWith(`${m.mountPath}/`));
    const volume = botPod.volumes?.find((v) => v.name === mount?.name);
    const file = configPath.slice(mount!.mountPath.length + 1);
    const source = one<IConfigMap>('ConfigMap', volume?.configMap?.name);
    expect(Object.keys(source.data ?? {})).toContain(file);

    const dataMount = botContainer.volumeMounts?.find((m) => m.mountPath === env.MIRRORS_DATA_DIR);
    expect(botPod.volumes?.some((v) => v.name === dataMount?.name)).toBe(true);
  });

  it('uses the RRSA service account', () => {
    const account = one<IServiceAccount>('ServiceAccount');
    expect(botPod.serviceAccountName).toBe(account.metadata?.name);
    expect(account.metadata?.annotations?.['pod-identity.alibabacloud.com/role-name']).toMatch(/^[A-Za-z0-9.-]+$/);
  });
});

describe('the Service, PodDisruptionBudget and Ingress', () => {
  const labels = bot.spec!.template.metadata?.labels;

  it('the Service sends port 80 to the bot pods on the port they listen on', () => {
    const service = one<IService>('Service', 'mirrors');
    expect(service.spec?.type ?? 'ClusterIP').toBe('ClusterIP');
    expect(selects(service.spec?.selector, labels)).toBe(true);
    const [port] = service.spec?.ports ?? [];
    expect(port?.port).toBe(80);
    expect(containerPort(botContainer, port?.targetPort)).toBe(Number(env.PORT));
  });

  it('the PodDisruptionBudget keeps one bot pod through voluntary disruptions', () => {
    const budget = one<IPodDisruptionBudget>('PodDisruptionBudget');
    expect(selects(budget.spec?.selector?.matchLabels, labels)).toBe(true);
    expect(budget.spec?.minAvailable).toBe(1);
    expect(bot.spec!.replicas!).toBeGreaterThan(1);
  });

  it('the example Ingress routes only /slack/ to the Service', () => {
    const ingress = readObjects(join(kubernetesDir, 'ingress.example.yaml'))[0] as IIngress;
    const paths = ingress.spec?.rules?.flatMap((r) => r.http?.paths ?? []) ?? [];
    expect(paths.map((p) => p.path)).toEqual(['/slack/']);
    const service = one<IService>('Service', paths[0]?.backend.service?.name);
    expect(service.spec?.ports?.map((p) => p.name)).toContain(paths[0]?.backend.service?.port?.name);
  });
});

describe('Redis', () => {
  const redis = one<IDeployment>('Deployment', 'mirrors-redis');
  const redisPod = redis.spec!.template.spec!;
  const redisContainer = redisPod.containers[0]!;

  it('runs one redis:7 replica, locked down like the bot', () => {
    expect(redis.spec!.replicas).toBe(1);
    expect(redisContainer.image).toMatch(/^redis:7/);
    expect(redisContainer.resources?.limits?.memory).toBeDefined();
    expectLockedDown(redisPod, redisContainer);
  });

  it('never evicts keys without a TTL (watches, installations) when memory runs out', () => {
    const args = redisContainer.args ?? [];
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toBe('volatile-lru');
    expect(memoryBytes(args[args.indexOf('--maxmemory') + 1]?.replace(/mb$/, 'M'))).toBeLessThan(
      memoryBytes(redisContainer.resources?.limits?.memory),
    );
  });

  it('is what REDIS_URL names, behind a Service that selects it', () => {
    const url = new URL(env.REDIS_URL!);
    expect(url.protocol).toBe('redis:');
    expect(url.password).toBe('');
    const service = one<IService>('Service', url.hostname);
    expect(selects(service.spec?.selector, redis.spec!.template.metadata?.labels)).toBe(true);
    const port = service.spec?.ports?.find((p) => p.port === Number(url.port));
    expect(containerPort(redisContainer, port?.targetPort)).toBe(6379);
  });

  it('accepts connections only from the bot pods', () => {
    const policy = one<INetworkPolicy>('NetworkPolicy');
    expect(selects(policy.spec?.podSelector?.matchLabels, redis.spec!.template.metadata?.labels)).toBe(true);
    const from = policy.spec?.ingress?.flatMap((rule) => rule.from ?? []) ?? [];
    expect(from).toHaveLength(1);
    expect(selects(from[0]?.podSelector?.matchLabels, bot.spec!.template.metadata?.labels)).toBe(true);
  });
});

describe('no secrets in the repository', () => {
  it('the example Secret holds placeholders only', () => {
    const secret = readObjects(join(kubernetesDir, 'secret.example.yaml'))[0] as ISecret;
    const values = Object.values(secret.stringData ?? {});
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toBe('REPLACE_ME');
    expect(secret.data).toBeUndefined();
  });

  it('no ConfigMap carries a token, secret or password', () => {
    for (const map of applied.filter((o) => o.kind === 'ConfigMap') as IConfigMap[]) {
      for (const [key, value] of Object.entries(map.data ?? {})) {
        expect(key).not.toMatch(/TOKEN|SECRET|PASSWORD|ACCESS_KEY/);
        expect(value).not.toMatch(/:\/\/[^/\s@]*:[^/\s@]+@(?!r-xxxxxxxx)/);
      }
    }
  });

  it('no file under deploy/kubernetes looks like a real token or key', () => {
    for (const file of readdirSync(kubernetesDir)) {
      const text = readFileSync(join(kubernetesDir, file), 'utf8');
      for (const shape of SECRET_SHAPES) expect(text, `${file} ${shape}`).not.toMatch(shape);
    }
  });

  it('the secret-shape check does catch a token', () => {
    const leaked = 'SLACK_BOT_TOKEN: xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';
    expect(SECRET_SHAPES.some((shape) => shape.test(leaked))).toBe(true);
  });
});

function expectLockedDown(pod: IPodSpec, container: IContainer): void {
  const user = container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser;
  expect(pod.securityContext?.runAsNonRoot).toBe(true);
  expect(user).toBeDefined();
  expect(user).not.toBe(0);
  expect(pod.securityContext?.seccompProfile?.type).toBe('RuntimeDefault');
  expect(pod.automountServiceAccountToken).toBe(false);
  expect(container.securityContext?.readOnlyRootFilesystem).toBe(true);
  expect(container.securityContext?.allowPrivilegeEscalation).toBe(false);
  expect(container.securityContext?.capabilities?.drop).toEqual(['ALL']);
  expect(container.securityContext?.privileged ?? false).toBe(false);
}
