import { KEYS } from './filters';
import { KNOWN_REGIONS } from './regions';
import { idKindOf, isRegionId, normalizeId, Rule } from './rules';

/** Optimal string alignment distance: Levenshtein plus adjacent swaps, so `tga` is one step from `tag`. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const up = rows[i - 1] ?? [];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((up[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (up[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      }
      row.push(d);
    }
    rows.push(row);
  }
  return rows[a.length]?.[b.length] ?? Math.max(a.length, b.length);
}

/** Words people reach for that are not keys, and where they should go instead. */
const KEY_ALIASES = new Map<string, string>([
  ['tags', 'tag:'],
  ['ids', 'id:'],
  ['session', 'id:'],
  ['sessions', 'id:'],
  ['sessionid', 'id:'],
  ['resourcegroup', 'rg:'],
  ['resource-group', 'rg:'],
  ['resourcegroupid', 'rg:'],
  ['group', 'rg:'],
  ['max', 'limit:'],
  ['maxresults', 'limit:'],
  ['size', 'limit:'],
  ['count', 'limit:'],
  ['slb', 'target:'],
  ['lb', 'target:'],
  ['dest', 'target:'],
  ['destination', 'target:'],
  ['vxlan', 'vni:'],
]);

// Past this, a "suggestion" is a guess that wastes the reader's time more than it helps; short words get less slack
// so that `x:` suggests nothing rather than `id:`.
function maxDistance(word: string): number {
  return Math.min(3, Math.floor(word.length / 2));
}

/** The nearest key, with its colon, or undefined when nothing is close enough to be a plausible typo. */
export function nearestKey(typed: string): string | undefined {
  const word = typed.toLowerCase();
  if (word.length > 30) return undefined;
  const alias = KEY_ALIASES.get(word);
  if (alias) return alias;
  // Abbreviations such as `prio` are far by distance but unambiguous by prefix, and nearer keys would mislead.
  const byPrefix = word.length >= 2 ? KEYS.filter((k) => k.startsWith(word)) : [];
  if (byPrefix.length === 1) return `${byPrefix[0]}:`;
  let best: { key: string; d: number } | undefined;
  for (const key of KEYS) {
    const d = editDistance(word, key);
    if (d <= maxDistance(word) && (!best || d < best.d)) best = { key, d };
  }
  return best ? `${best.key}:` : undefined;
}

/** Keys that are not keys, answered with a rule of their own rather than "did you mean". */
export function misplacedKey(
  key: string,
  value: string,
): { rule: string; suggestion?: string; replacement?: string } | undefined {
  switch (key.toLowerCase()) {
    case 'region':
    case 'regionid': {
      const region = value.toLowerCase();
      return isRegionId(region)
        ? { rule: Rule.regionKey, suggestion: region, replacement: region }
        : { rule: Rule.regionKey };
    }
    case 'eni': {
      const eni = idKindOf(value) === 'eni' ? normalizeId(value, ['eni']) : undefined;
      return eni ? { rule: Rule.eniKey, suggestion: eni, replacement: eni } : { rule: Rule.eniKey };
    }
    case 'status':
    case 'state':
      return { rule: Rule.stateKey, suggestion: 'enabled:' };
    default:
      return undefined;
  }
}

// Regions that offer traffic mirroring (Alibaba's overview page), by the place names people type.
const REGION_BY_PLACE = new Map<string, string>([
  ['hangzhou', 'cn-hangzhou'],
  ['shanghai', 'cn-shanghai'],
  ['qingdao', 'cn-qingdao'],
  ['beijing', 'cn-beijing'],
  ['zhangjiakou', 'cn-zhangjiakou'],
  ['hohhot', 'cn-huhehaote'],
  ['huhehaote', 'cn-huhehaote'],
  ['ulanqab', 'cn-wulanchabu'],
  ['wulanchabu', 'cn-wulanchabu'],
  ['shenzhen', 'cn-shenzhen'],
  ['heyuan', 'cn-heyuan'],
  ['guangzhou', 'cn-guangzhou'],
  ['chengdu', 'cn-chengdu'],
  ['hongkong', 'cn-hongkong'],
  ['tokyo', 'ap-northeast-1'],
  ['seoul', 'ap-northeast-2'],
  ['singapore', 'ap-southeast-1'],
  ['kualalumpur', 'ap-southeast-3'],
  ['jakarta', 'ap-southeast-5'],
  ['manila', 'ap-southeast-6'],
  ['bangkok', 'ap-southeast-7'],
  ['frankfurt', 'eu-central-1'],
  ['london', 'eu-west-1'],
  ['siliconvalley', 'us-west-1'],
  ['virginia', 'us-east-1'],
  ['riyadh', 'me-central-1'],
]);

/** For a bare word that is not a term: the region it most likely meant (`hongkong`, `cnhongkong`, `Singapur`). */
export function nearestRegion(word: string): string | undefined {
  const squashed = word.toLowerCase().replace(/[\s_-]/g, '');
  if (squashed.length < 4 || squashed.length > 30) return undefined;
  let best: { region: string; d: number } | undefined;
  for (const [place, region] of REGION_BY_PLACE) {
    for (const candidate of [place, region.replace(/-/g, '')]) {
      const d = editDistance(squashed, candidate);
      if (d <= 2 && (!best || d < best.d)) best = { region, d };
    }
  }
  return best?.region;
}

/** A region the bot can ask: one it is configured for, or a public region (an operator's endpoint may serve it). */
export function isKnownRegion(region: string, configured: readonly string[]): boolean {
  return configured.includes(region) || KNOWN_REGIONS.includes(region);
}

/**
 * For a well-formed region id that is not a region: a configured region one edit away (`cn-hongkog`), else a
 * known one; else the region its place name suggests.
 */
export function nearestConfiguredRegion(region: string, configured: readonly string[]): string | undefined {
  for (const pool of [configured, KNOWN_REGIONS]) {
    const near = pool.filter((r) => editDistance(region, r) <= 1);
    if (near.length === 1) return near[0];
  }
  return nearestRegion(region);
}

/** `hlep`, `hepl`, `helo`: help. */
export function nearHelp(word: string): string | undefined {
  return word.length >= 3 && word.length <= 6 && editDistance(word, 'help') <= 1 ? 'help' : undefined;
}
