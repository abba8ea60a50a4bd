/**
 * Alibaba Cloud RPC signature V1 (HMAC-SHA1), as pop-core and the official SDK's V1 mode compute it.
 *
 * The client builds the string to sign from the decoded parameters: drop `Signature`, sort the keys, percent-encode
 * keys and values (encodeURIComponent, then `! ' ( ) *` as `%21 %27 %28 %29 %2A`), join as `k=v&…`, and sign
 * `METHOD&%2F&` + percentEncode(canonical) with HMAC-SHA1 keyed by `secret + "&"`, base64.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** encodeURIComponent plus the five characters it leaves alone that RFC 3986 reserves. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');
}

/** Sorts by UTF-16 code unit, as both clients do with `Array.prototype.sort()`; identical to code point order for ASCII keys. */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `k=v&…` over every parameter but `Signature`, keys sorted, keys and values percent-encoded. */
export function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort(compareKeys)
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&');
}

export function stringToSign(method: string, params: Readonly<Record<string, string>>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

export function computeSignature(
  method: string,
  params: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign(method, params)).digest('base64');
}

/** Constant-time: both sides are hashed to a fixed length first, so neither content nor length leaks through timing. */
export function signaturesEqual(expected: string, received: string): boolean {
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(received, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Adds the common V1 parameters and the signature to `params`: for tests and tools that need to craft a raw request
 * (a reused nonce, a stale timestamp). Returns the full parameter map, `Signature` included.
 */
export function signRpcParams(
  method: string,
  params: Readonly<Record<string, string>>,
  credentials: { accessKeyId: string; accessKeySecret: string },
  common: { timestamp: string; nonce: string },
): Record<string, string> {
  const all: Record<string, string> = {
    Format: 'JSON',
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: common.nonce,
    Timestamp: common.timestamp,
    AccessKeyId: credentials.accessKeyId,
    ...params,
  };
  all.Signature = computeSignature(method, all, credentials.accessKeySecret);
  return all;
}

/** `YYYY-MM-DDTHH:mm:ssZ`, the form both clients send. */
export function formatRpcTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses the Timestamp parameter; `undefined` when it is not an ISO 8601 UTC time. Fractional seconds are tolerated. */
export function parseRpcTimestamp(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(ms);
  // Reject rollovers such as 2024-02-30.
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCHours() !== Number(h))
    return undefined;
  return ms;
}
