import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const deployDir = join(__dirname, '..', '..', 'deploy');
export const kubernetesDir = join(deployDir, 'kubernetes');

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** Every document of a YAML file as plain data; a syntax error fails loudly instead of yielding half a file. */
export function readYamlDocuments(path: string): unknown[] {
  const documents = parseAllDocuments(readFileSync(path, 'utf8'));
  if (!Array.isArray(documents)) return [];
  const values: unknown[] = [];
  for (const document of documents) {
    if (document.errors.length > 0) throw new Error(`${path}: ${document.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = document.toJS();
    if (value !== null && value !== undefined) values.push(value);
  }
  return values;
}

function isKubernetesObject(value: unknown): value is KubernetesObject {
  if (typeof value !== 'object' || value === null) return false;
  const { apiVersion, kind, metadata } = value as Record<string, unknown>;
  return (
    typeof apiVersion === 'string' &&
    typeof kind === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as Record<string, unknown>).name === 'string'
  );
}

export function readObjects(path: string): KubernetesObject[] {
  return readYamlDocuments(path).map((value, index) => {
    if (!isKubernetesObject(value)) throw new Error(`${path}: document ${index + 1} is not a Kubernetes object`);
    return value;
  });
}

type ValidatingModel = new (data: unknown) => { validate(): void };
const requireModel = createRequire(__filename);

/**
 * Checks an object against the Kubernetes API's own OpenAPI definitions, as kubernetes-models ships them (compiled
 * to ajv validators). Returns the problems in ajv's words, or undefined when the object is valid. A kind the
 * package has no definition for is a problem too: a typo in apiVersion must not pass unchecked.
 */
export function schemaProblems(object: KubernetesObject): string | undefined {
  let models: Record<string, unknown>;
  try {
    models = requireModel(`kubernetes-models/${object.apiVersion}`) as Record<string, unknown>;
  } catch {
    return `no Kubernetes schema for apiVersion ${object.apiVersion}`;
  }
  const model = models[object.kind];
  if (typeof model !== 'function') return `no Kubernetes schema for ${object.apiVersion} ${object.kind}`;
  try {
    // Every export that is a function in these modules is a model class with a schema attached.
    new (model as ValidatingModel)(object).validate();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** A Kubernetes memory quantity (`192Mi`, `256M`, `1Gi`, plain bytes) in bytes. */
export function memoryBytes(quantity: string | number | undefined): number {
  if (typeof quantity === 'number') return quantity;
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|k|M|G)?$/.exec(quantity ?? '');
  if (!match) throw new Error(`not a memory quantity: ${String(quantity)}`);
  const factor: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9 };
  return Number(match[1]) * (match[2] ? (factor[match[2]] ?? 1) : 1);
}

/** True when every pair of the selector is among the labels (how matchLabels and Service selectors match). */
export function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined) {
  const pairs = Object.entries(selector ?? {});
  return pairs.length > 0 && pairs.every(([key, value]) => labels?.[key] === value);
}

/** Tokens and keys that must never be committed, in the shapes Slack and Alibaba Cloud issue them. */
export const SECRET_SHAPES: RegExp[] = [
  /xox[abposr]-\d+-[A-Za-z0-9-]+/,
  /xapp-\d-[A-Za-z0-9-]+/,
  /\bLTAI[A-Za-z0-9]{12,}\b/,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b[0-9a-f]{32}\b/,
];
