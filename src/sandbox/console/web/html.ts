/** Escaping and URL rules shared by the renderer and the page: every piece of text is escaped before use. */

const ENTITY: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

export function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Slack's three entities, decoded exactly once. */
export function decode(value: string): string {
  return value.replace(/&(amp|lt|gt);/g, (m) => ENTITY[m] ?? m);
}

/** Only http(s) and mailto become links. */
export function safeHref(url: unknown): string | null {
  const u = String(url).trim();
  return /^(https?:\/\/|mailto:)/i.test(u) ? u : null;
}

/** Images load only from this origin or data: URLs: the sandbox makes no traffic beyond loopback. */
export function loadableImage(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  if (/^data:image\/(png|gif|jpeg|webp);/i.test(url)) return true;
  if (/^\/(?!\/)/.test(url)) return true;
  return /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//i.test(url);
}

/** ` name="value"`, or nothing when there is no value. */
export function attr(name: string, value: unknown): string {
  return value === undefined || value === null ? '' : ` ${name}="${esc(value)}"`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function has<T extends object>(table: T, key: PropertyKey): key is keyof T {
  return Object.hasOwn(table, key);
}
