/** Slack's date tokens (<!date^1392734382^{date_short} at {time}|fallback>), rendered in the viewer's time zone. */

export interface Clock {
  /** IANA zone; the browser's own when absent. */
  timeZone?: string | undefined;
  /** "Now" in ms, for {ago} and the pretty forms; Date.now() when absent. */
  now?: number | undefined;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function ordinal(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return n + (s[(v - 20) % 10] || s[v] || 'th');
}

interface Zoned {
  year: number;
  month: number;
  day: number;
  weekday: string;
  hour: string;
  minute: string;
  second: string;
  dayPeriod: string;
}

function zoned(date: Date, timeZone: string | undefined): Zoned {
  const fmt = new Intl.DateTimeFormat('en-US', {
    ...(timeZone ? { timeZone } : {}),
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'long',
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    hour12: true,
  });
  const out: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const p of fmt.formatToParts(date)) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    weekday: out.weekday ?? '',
    hour: out.hour ?? '',
    minute: out.minute ?? '',
    second: out.second ?? '',
    dayPeriod: (out.dayPeriod ?? '').toUpperCase(),
  };
}

function dayNumber(z: Zoned): number {
  return Date.UTC(z.year, z.month - 1, z.day) / 86400000;
}

const UNITS: readonly [string, number][] = [
  ['year', 31536000],
  ['month', 2592000],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

function ago(seconds: number, nowMs: number): string {
  const diff = Math.round(nowMs / 1000 - seconds);
  const future = diff < 0;
  const d = Math.abs(diff);
  for (const [unit, size] of UNITS) {
    const n = Math.floor(d / size);
    if (n >= 1) {
      const phrase = `${n} ${unit}${n === 1 ? '' : 's'}`;
      return future ? `in ${phrase}` : `${phrase} ago`;
    }
  }
  return future ? 'in a few seconds' : 'a few seconds ago';
}

export function formatDate(seconds: number, format: string, clock: Clock = {}): string {
  const nowMs = typeof clock.now === 'number' ? clock.now : Date.now();
  const z = zoned(new Date(seconds * 1000), clock.timeZone);
  const today = zoned(new Date(nowMs), clock.timeZone);
  const delta = dayNumber(z) - dayNumber(today);
  const pretty = delta === 0 ? 'today' : delta === -1 ? 'yesterday' : delta === 1 ? 'tomorrow' : null;
  const monthName = MONTHS[z.month - 1] ?? '';
  const date = `${monthName} ${ordinal(z.day)}, ${z.year}`;
  const dateShort = `${monthName.slice(0, 3)} ${z.day}, ${z.year}`;
  const dateLong = `${z.weekday}, ${monthName} ${ordinal(z.day)}, ${z.year}`;
  const values: Record<string, string> = {
    date_num: `${z.year}-${String(z.month).padStart(2, '0')}-${String(z.day).padStart(2, '0')}`,
    date,
    date_short: dateShort,
    date_long: dateLong,
    time: `${z.hour}:${z.minute} ${z.dayPeriod}`,
    time_secs: `${z.hour}:${z.minute}:${z.second} ${z.dayPeriod}`,
    ago: ago(seconds, nowMs),
    date_pretty: pretty ?? date,
    date_short_pretty: pretty ?? dateShort,
    date_long_pretty: pretty ?? dateLong,
  };
  return format.replace(/\{([a-z_]+)\}/g, (whole, token: string) => values[token] ?? whole);
}
