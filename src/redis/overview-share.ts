/**
 * App Home's overviews shared by every replica, with a lock so that one replica scans a region per TTL:
 *   <prefix>home:<account>:ov:<region>     "<fencing token>\n<overview JSON>", PX the overview's TTL
 *   <prefix>home:<account>:lock:<region>   the scanning replica's fencing token, PX the scan's budget
 *   <prefix>home:<account>:fence:<region>  the last token handed out (INCR), so every lock holder has a larger one
 * The fencing token guards the write: a replica whose lock ran out mid-scan (a stalled process, a slow region)
 * cannot overwrite an overview written under a newer lock. Tokens only ever grow while an overview lives, because
 * the counter outlives every overview by far.
 */

import { CloudError, type CloudErrorCode } from '../cloud/errors';
import { type OverviewShare, type SharedOverview, ShareUnavailable } from '../cloud/overview-cache';
import type { MirrorSession, RegionOverview } from '../cloud/types';
import { isRecord } from '../guards';
import type { RedisConnection } from './connection';
import { redisScript } from './script';

/** Writes the overview unless one from a newer token is there; releases the lock if it is still ours. */
const WRITE = redisScript(`
local current = redis.call('GET', KEYS[1])
if current then
  local token = tonumber(string.match(current, '^(%d+)\\n'))
  if token and token > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '\\n' .. ARGV[2], 'PX', ARGV[3])
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`);

const RELEASE = redisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`);

/** The fence counter outlives every overview (60 s by default) many times over. */
const FENCE_TTL_MS = 24 * 60 * 60 * 1000;

export class RedisOverviewShare implements OverviewShare {
  /** `account`: whose inventory the overviews are (accounts may share region names). */
  constructor(
    private readonly connection: RedisConnection,
    private readonly account = 'default',
  ) {}

  async read(region: string): Promise<SharedOverview | undefined> {
    const c = this.up();
    try {
      const key = c.key(`home:${this.account}:ov:${region}`);
      const [[, text], [, pttl]] = ((await c.client.multi().get(key).pttl(key).exec()) ?? []) as [
        [unknown, unknown],
        [unknown, unknown],
      ];
      if (typeof text !== 'string' || typeof pttl !== 'number' || pttl <= 0) return undefined;
      const overview = decodeOverview(text.slice(text.indexOf('\n') + 1));
      return overview ? { overview, ttlMs: pttl } : undefined;
    } catch {
      throw new ShareUnavailable();
    }
  }

  async lock(region: string, ttlMs: number): Promise<number | undefined> {
    const c = this.up();
    try {
      const fence = c.key(`home:${this.account}:fence:${region}`);
      const [[, token]] = ((await c.client.multi().incr(fence).pexpire(fence, FENCE_TTL_MS).exec()) ?? []) as [
        [unknown, unknown],
      ];
      if (typeof token !== 'number') throw new ShareUnavailable();
      const won = await c.client.set(
        c.key(`home:${this.account}:lock:${region}`),
        String(token),
        'PX',
        Math.ceil(ttlMs),
        'NX',
      );
      return won === 'OK' ? token : undefined;
    } catch {
      throw new ShareUnavailable();
    }
  }

  async write(region: string, overview: RegionOverview, token: number, ttlMs: number): Promise<boolean> {
    const c = this.up();
    try {
      const written = await WRITE(
        c.client,
        [c.key(`home:${this.account}:ov:${region}`), c.key(`home:${this.account}:lock:${region}`)],
        [token, encodeOverview(overview), Math.max(1, Math.ceil(ttlMs))],
      );
      return written === 1;
    } catch {
      throw new ShareUnavailable();
    }
  }

  async release(region: string, token: number): Promise<void> {
    const c = this.up();
    try {
      await RELEASE(c.client, [c.key(`home:${this.account}:lock:${region}`)], [token]);
    } catch {
      throw new ShareUnavailable();
    }
  }

  private up(): RedisConnection {
    if (!this.connection.isUp()) throw new ShareUnavailable();
    return this.connection;
  }
}

/** JSON loses Dates and an Error's message and class; both are written out and brought back by hand. */
function encodeOverview(overview: RegionOverview): string {
  if (overview.ok) return JSON.stringify(overview);
  const { error } = overview;
  return JSON.stringify({
    ...overview,
    error: { code: error.code, message: error.message, details: error.details },
  });
}

function decodeOverview(text: string): RegionOverview | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(value) || typeof value.region !== 'string' || typeof value.scannedAt !== 'string') return undefined;
  const scannedAt = new Date(value.scannedAt);
  if (value.ok === false) {
    const error = value.error;
    if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string') return undefined;
    const details = isRecord(error.details) ? error.details : {};
    return {
      region: value.region,
      ok: false,
      error: new CloudError(error.code as CloudErrorCode, error.message, details),
      scannedAt,
    };
  }
  const sessions = (list: unknown): MirrorSession[] =>
    (Array.isArray(list) ? list : []).filter(isRecord).map(
      (s) =>
        ({
          ...s,
          createdAt: typeof s.createdAt === 'string' ? new Date(s.createdAt) : undefined,
        }) as unknown as MirrorSession,
    );
  const overview = value as unknown as RegionOverview & { ok: true };
  return {
    ...overview,
    financialLocked: sessions(value.financialLocked),
    notCreated: sessions(value.notCreated),
    newest: sessions(value.newest),
    scannedAt,
  };
}
