/** Emoji shortcodes: drawn as SVG where we have a drawing, else the Unicode glyph. */
import { esc, has } from './html';

const EMOJI: Record<string, string> = {
  lock: '\u{1F512}',
  unlock: '\u{1F513}',
  closed_lock_with_key: '\u{1F510}',
  key: '\u{1F511}',
  large_green_circle: '\u{1F7E2}',
  white_circle: '\u26AA',
  red_circle: '\u{1F534}',
  large_yellow_circle: '\u{1F7E1}',
  large_orange_circle: '\u{1F7E0}',
  large_blue_circle: '\u{1F535}',
  black_circle: '\u26AB',
  large_purple_circle: '\u{1F7E3}',
  warning: '\u26A0\uFE0F',
  hourglass_flowing_sand: '\u23F3',
  hourglass: '\u231B',
  wastebasket: '\u{1F5D1}\uFE0F',
  mag: '\u{1F50D}',
  mag_right: '\u{1F50E}',
  arrows_counterclockwise: '\u{1F504}',
  arrows_clockwise: '\u{1F503}',
  white_check_mark: '\u2705',
  heavy_check_mark: '\u2714\uFE0F',
  x: '\u274C',
  no_entry: '\u26D4',
  no_entry_sign: '\u{1F6AB}',
  information_source: '\u2139\uFE0F',
  point_right: '\u{1F449}',
  point_left: '\u{1F448}',
  arrow_right: '\u27A1\uFE0F',
  arrow_left: '\u2B05\uFE0F',
  arrow_up: '\u2B06\uFE0F',
  arrow_down: '\u2B07\uFE0F',
  arrow_forward: '\u25B6\uFE0F',
  arrow_backward: '\u25C0\uFE0F',
  rewind: '\u23EA',
  fast_forward: '\u23E9',
  link: '\u{1F517}',
  gear: '\u2699\uFE0F',
  wrench: '\u{1F527}',
  hammer_and_wrench: '\u{1F6E0}\uFE0F',
  globe_with_meridians: '\u{1F310}',
  earth_asia: '\u{1F30F}',
  satellite: '\u{1F4E1}',
  satellite_antenna: '\u{1F4E1}',
  electric_plug: '\u{1F50C}',
  zap: '\u26A1',
  fire: '\u{1F525}',
  rotating_light: '\u{1F6A8}',
  bell: '\u{1F514}',
  no_bell: '\u{1F515}',
  memo: '\u{1F4DD}',
  clipboard: '\u{1F4CB}',
  page_facing_up: '\u{1F4C4}',
  bookmark_tabs: '\u{1F4D1}',
  label: '\u{1F3F7}\uFE0F',
  pushpin: '\u{1F4CC}',
  round_pushpin: '\u{1F4CD}',
  bar_chart: '\u{1F4CA}',
  chart_with_upwards_trend: '\u{1F4C8}',
  books: '\u{1F4DA}',
  book: '\u{1F4D6}',
  bulb: '\u{1F4A1}',
  question: '\u2753',
  grey_question: '\u2754',
  exclamation: '\u2757',
  heavy_exclamation_mark: '\u2757',
  bangbang: '\u203C\uFE0F',
  tada: '\u{1F389}',
  wave: '\u{1F44B}',
  thumbsup: '\u{1F44D}',
  '+1': '\u{1F44D}',
  thumbsdown: '\u{1F44E}',
  '-1': '\u{1F44E}',
  eyes: '\u{1F440}',
  eye: '\u{1F441}\uFE0F',
  robot_face: '\u{1F916}',
  shrug: '\u{1F937}',
  slightly_smiling_face: '\u{1F642}',
  smile: '\u{1F604}',
  pause_button: '\u23F8\uFE0F',
  double_vertical_bar: '\u23F8\uFE0F',
  black_square_for_stop: '\u23F9\uFE0F',
  busts_in_silhouette: '\u{1F465}',
  bust_in_silhouette: '\u{1F464}',
  house: '\u{1F3E0}',
  twisted_rightwards_arrows: '\u{1F500}',
  repeat: '\u{1F501}',
  mirror: '\u{1FA9E}',
  cloud: '\u2601\uFE0F',
  construction: '\u{1F6A7}',
  stopwatch: '\u23F1\uFE0F',
  alarm_clock: '\u23F0',
  calendar: '\u{1F4C6}',
  date: '\u{1F4C5}',
  shield: '\u{1F6E1}\uFE0F',
  card_index_dividers: '\u{1F5C2}\uFE0F',
  file_folder: '\u{1F4C1}',
  open_file_folder: '\u{1F4C2}',
  package: '\u{1F4E6}',
  inbox_tray: '\u{1F4E5}',
  outbox_tray: '\u{1F4E4}',
  speech_balloon: '\u{1F4AC}',
  heavy_plus_sign: '\u2795',
  heavy_minus_sign: '\u2796',
  small_blue_diamond: '\u{1F539}',
  small_orange_diamond: '\u{1F538}',
  large_blue_diamond: '\u{1F537}',
  black_small_square: '\u25AA\uFE0F',
  white_small_square: '\u25AB\uFE0F',
  radio_button: '\u{1F518}',
  heavy_multiplication_x: '\u2716\uFE0F',
  sparkles: '\u2728',
  star: '\u2B50',
  arrow_heading_down: '\u2935\uFE0F',
  arrow_heading_up: '\u2934\uFE0F',
  leftwards_arrow_with_hook: '\u21A9\uFE0F',
  arrow_right_hook: '\u21AA\uFE0F',
  stop_sign: '\u{1F6D1}',
  traffic_light: '\u{1F6A5}',
  vertical_traffic_light: '\u{1F6A6}',
  world_map: '\u{1F5FA}\uFE0F',
  cn: '\u{1F1E8}\u{1F1F3}',
  hk: '\u{1F1ED}\u{1F1F0}',
  sg: '\u{1F1F8}\u{1F1EC}',
  jp: '\u{1F1EF}\u{1F1F5}',
  us: '\u{1F1FA}\u{1F1F8}',
  de: '\u{1F1E9}\u{1F1EA}',
  gb: '\u{1F1EC}\u{1F1E7}',
  inbox: '\u{1F4E5}',
  email: '\u{1F4E7}',
  ok: '\u{1F197}',
  new: '\u{1F195}',
  free: '\u{1F193}',
  one: '1\uFE0F\u20E3',
  two: '2\uFE0F\u20E3',
  three: '3\uFE0F\u20E3',
  hash: '#\uFE0F\u20E3',
  pencil2: '\u270F\uFE0F',
  scissors: '\u2702\uFE0F',
  dart: '\u{1F3AF}',
  bug: '\u{1F41B}',
  ghost: '\u{1F47B}',
  skull: '\u{1F480}',
  thinking_face: '\u{1F914}',
  clock1: '\u{1F550}',
  clock3: '\u{1F552}',
  signal_strength: '\u{1F4F6}',
  desktop_computer: '\u{1F5A5}\uFE0F',
  computer: '\u{1F4BB}',
  floppy_disk: '\u{1F4BE}',
  mega: '\u{1F4E3}',
  loudspeaker: '\u{1F4E2}',
  turtle: '\u{1F422}',
  snail: '\u{1F40C}',
};

// Drawn emoji: they look right whatever fonts the machine has (headless Chromium often has no emoji font).
function circle(fill: string, stroke?: string): string {
  return `<circle cx="10" cy="10" r="8" fill="${fill}" stroke="${stroke ?? fill}" stroke-width="1.2"/>`;
}

const SVG: Record<string, string> = {
  large_green_circle: circle('#78b159'),
  white_circle: circle('#f5f8fa', '#99aab5'),
  red_circle: circle('#dd2e44'),
  large_yellow_circle: circle('#fdcb58'),
  large_orange_circle: circle('#f4900c'),
  large_blue_circle: circle('#55acee'),
  large_purple_circle: circle('#aa8ed6'),
  black_circle: circle('#31373d'),
  radio_button: `${circle('#fff', '#31373d')}<circle cx="10" cy="10" r="4" fill="#31373d"/>`,
  warning:
    '<path d="M10 1.8 L19 17.8 H1 Z" fill="#ffcc4d" stroke="#c9a227" stroke-width="1" stroke-linejoin="round"/><rect x="9" y="6.5" width="2" height="6.5" rx="1" fill="#231f20"/><circle cx="10" cy="15.3" r="1.2" fill="#231f20"/>',
  lock: '<path d="M6.3 9 V6.6 a3.7 3.7 0 0 1 7.4 0 V9" fill="none" stroke="#99aab5" stroke-width="2.2"/><rect x="3.8" y="8.6" width="12.4" height="9.6" rx="1.8" fill="#ffac33"/><circle cx="10" cy="12.6" r="1.3" fill="#c1694f"/><rect x="9.4" y="12.8" width="1.2" height="3" fill="#c1694f"/>',
  unlock:
    '<path d="M6.3 9 V5.2 a3.7 3.7 0 0 1 7.4 0 V6" fill="none" stroke="#99aab5" stroke-width="2.2"/><rect x="3.8" y="8.6" width="12.4" height="9.6" rx="1.8" fill="#ffac33"/><circle cx="10" cy="12.6" r="1.3" fill="#c1694f"/>',
  hourglass_flowing_sand:
    '<rect x="4" y="1.5" width="12" height="2" rx="1" fill="#a0785a"/><rect x="4" y="16.5" width="12" height="2" rx="1" fill="#a0785a"/><path d="M5.5 3.5 H14.5 C14.5 7 11 8.5 11 10 C11 11.5 14.5 13 14.5 16.5 H5.5 C5.5 13 9 11.5 9 10 C9 8.5 5.5 7 5.5 3.5 Z" fill="#ccd6dd" stroke="#99aab5" stroke-width=".8"/><path d="M7 5.5 H13 C12.5 7 10.6 8 10 9 C9.4 8 7.5 7 7 5.5 Z M6.6 16 H13.4 C13 14 10.8 13 10 12.4 C9.2 13 7 14 6.6 16 Z" fill="#ffac33"/>',
  hourglass:
    '<rect x="4" y="1.5" width="12" height="2" rx="1" fill="#a0785a"/><rect x="4" y="16.5" width="12" height="2" rx="1" fill="#a0785a"/><path d="M5.5 3.5 H14.5 C14.5 7 11 8.5 11 10 C11 11.5 14.5 13 14.5 16.5 H5.5 C5.5 13 9 11.5 9 10 C9 8.5 5.5 7 5.5 3.5 Z" fill="#ccd6dd" stroke="#99aab5" stroke-width=".8"/><path d="M6.6 16 H13.4 C13 13.5 10.8 12.5 10 11.5 C9.2 12.5 7 13.5 6.6 16 Z" fill="#ffac33"/>',
  wastebasket:
    '<path d="M4.8 6 H15.2 L14.2 18.2 H5.8 Z" fill="#99aab5"/><rect x="3.5" y="3.8" width="13" height="2.4" rx="1" fill="#66757f"/><rect x="8" y="2" width="4" height="2.4" rx=".8" fill="#66757f"/><path d="M8 8.5 V16 M10 8.5 V16 M12 8.5 V16" stroke="#e1e8ed" stroke-width="1"/>',
  mag: '<path d="M12.3 12.3 L17.8 17.8" stroke="#66757f" stroke-width="3" stroke-linecap="round"/><circle cx="8.2" cy="8.2" r="5.6" fill="#bbddf5" stroke="#66757f" stroke-width="2"/>',
  mag_right:
    '<path d="M7.7 12.3 L2.2 17.8" stroke="#66757f" stroke-width="3" stroke-linecap="round"/><circle cx="11.8" cy="8.2" r="5.6" fill="#bbddf5" stroke="#66757f" stroke-width="2"/>',
  arrows_counterclockwise:
    '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><path d="M14.3 8.2 A4.6 4.6 0 1 0 14.6 11.4" fill="none" stroke="#fff" stroke-width="2"/><path d="M15.6 4.6 L15.4 9.4 L10.9 8.2 Z" fill="#fff"/>',
  arrows_clockwise:
    '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><path d="M5.7 8.2 A4.6 4.6 0 1 1 5.4 11.4" fill="none" stroke="#fff" stroke-width="2"/><path d="M4.4 4.6 L4.6 9.4 L9.1 8.2 Z" fill="#fff"/>',
  white_check_mark:
    '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#77b255"/><path d="M5 10.4 L8.6 14 L15 6.6" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>',
  heavy_check_mark:
    '<path d="M3.5 10.4 L8 15 L16.5 5" fill="none" stroke="#31373d" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>',
  x: '<path d="M4 4 L16 16 M16 4 L4 16" stroke="#dd2e44" stroke-width="3.6" stroke-linecap="round"/>',
  heavy_multiplication_x:
    '<path d="M4 4 L16 16 M16 4 L4 16" stroke="#31373d" stroke-width="3.2" stroke-linecap="round"/>',
  no_entry:
    '<circle cx="10" cy="10" r="8.6" fill="#dd2e44"/><rect x="4.3" y="8.5" width="11.4" height="3" rx=".6" fill="#fff"/>',
  no_entry_sign:
    '<circle cx="10" cy="10" r="7.6" fill="#fff" stroke="#dd2e44" stroke-width="2.2"/><path d="M4.8 4.8 L15.2 15.2" stroke="#dd2e44" stroke-width="2.2"/>',
  information_source:
    '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><circle cx="10" cy="5.6" r="1.6" fill="#fff"/><path d="M8 8.6 H11.2 V15 H12.4 V16 H7.6 V15 H8.8 V9.6 H8 Z" fill="#fff"/>',
  heavy_plus_sign: '<path d="M10 3.5 V16.5 M3.5 10 H16.5" stroke="#31373d" stroke-width="3" stroke-linecap="round"/>',
  heavy_minus_sign: '<path d="M3.5 10 H16.5" stroke="#31373d" stroke-width="3" stroke-linecap="round"/>',
  small_blue_diamond: '<path d="M10 5 L15 10 L10 15 L5 10 Z" fill="#55acee"/>',
  small_orange_diamond: '<path d="M10 5 L15 10 L10 15 L5 10 Z" fill="#f4900c"/>',
  large_blue_diamond: '<path d="M10 2 L18 10 L10 18 L2 10 Z" fill="#55acee"/>',
  arrow_right:
    '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><path d="M4.5 10 H14 M10.5 6 L14.5 10 L10.5 14" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>',
  arrow_left:
    '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><path d="M15.5 10 H6 M9.5 6 L5.5 10 L9.5 14" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>',
  link: '<path d="M8.6 11.4 L11.4 8.6" stroke="#66757f" stroke-width="2" stroke-linecap="round"/><path d="M9.3 6 L10.8 4.5 a3 3 0 0 1 4.7 4.7 L14 10.7 M10.7 14 L9.2 15.5 a3 3 0 0 1 -4.7 -4.7 L6 9.3" fill="none" stroke="#66757f" stroke-width="2" stroke-linecap="round"/>',
  gear: '<circle cx="10" cy="10" r="5.5" fill="none" stroke="#66757f" stroke-width="3.2" stroke-dasharray="2.6 1.72"/><circle cx="10" cy="10" r="4.6" fill="#66757f"/><circle cx="10" cy="10" r="2" fill="#fff"/>',
  rotating_light:
    '<rect x="3" y="15" width="14" height="3" rx="1" fill="#66757f"/><path d="M5 15 V10 a5 5 0 0 1 10 0 V15 Z" fill="#dd2e44"/><path d="M8 9.5 a2 2 0 0 1 2 -2" stroke="#fff" stroke-width="1.4" fill="none"/>',
  point_right:
    '<path d="M2 8 H12 a1.5 1.5 0 0 1 0 3 H9 V14 a2 2 0 0 1 -2 2 H4 a2 2 0 0 1 -2 -2 Z" fill="#ffdc5d" stroke="#c99a2e" stroke-width=".8"/><path d="M11 8 H17.5 a1.5 1.5 0 0 1 0 3 H11" fill="#ffdc5d" stroke="#c99a2e" stroke-width=".8"/>',
  mega: '<path d="M3 8.2 L12.5 3.8 V16.2 L3 11.8 Z" fill="#f4900c" stroke="#c46e00" stroke-width=".8" stroke-linejoin="round"/><rect x="1.6" y="7.6" width="2.6" height="4.8" rx=".8" fill="#66757f"/><path d="M5.2 12 L6.6 16.8 H8.6 L7.6 12.8" fill="#66757f"/><ellipse cx="12.8" cy="10" rx="1.6" ry="6.2" fill="#ffcc4d" stroke="#c46e00" stroke-width=".8"/>',
  grey_question:
    '<path d="M6.6 7.2 a3.4 3.4 0 1 1 5 3 c-1.1 .6 -1.6 1.2 -1.6 2.4 V13.4" fill="none" stroke="#ccd6dd" stroke-width="2.6" stroke-linecap="round"/><circle cx="10" cy="16.4" r="1.5" fill="#ccd6dd"/>',
  ghost:
    '<path d="M4 17.5 V9 a6 6 0 0 1 12 0 V17.5 L14 15.8 L12 17.5 L10 15.8 L8 17.5 L6 15.8 Z" fill="#e1e8ed" stroke="#99aab5" stroke-width="1"/><circle cx="7.8" cy="9" r="1.3" fill="#31373d"/><circle cx="12.2" cy="9" r="1.3" fill="#31373d"/>',
  eyes: '<ellipse cx="6.2" cy="10" rx="4" ry="6" fill="#fff" stroke="#66757f" stroke-width="1"/><ellipse cx="13.8" cy="10" rx="4" ry="6" fill="#fff" stroke="#66757f" stroke-width="1"/><circle cx="7.4" cy="11" r="2" fill="#31373d"/><circle cx="15" cy="11" r="2" fill="#31373d"/>',
};

export function emojiHtml(name: string): string | null {
  const svg = has(SVG, name) ? SVG[name] : undefined;
  const glyph = has(EMOJI, name) ? EMOJI[name] : undefined;
  if (!svg && !glyph) return null;
  const inner = svg ? `<svg viewBox="0 0 20 20" width="1.1em" height="1.1em" aria-hidden="true">${svg}</svg>` : glyph;
  return `<span class="sk-emoji" data-emoji="${esc(name)}" title=":${esc(name)}:" role="img" aria-label="${esc(name)}">${inner}</span>`;
}

// Unicode emoji typed straight into text (the compact layouts use them) are drawn like their shortcodes, as Slack
// draws every emoji with its own images: with no emoji font, a bare code point would be an empty box.
const byGlyph = new Map<string, string>();
for (const name of Object.keys(SVG)) {
  const glyph = EMOJI[name];
  if (!glyph) continue;
  byGlyph.set(glyph, name);
  byGlyph.set(glyph.replace(/\uFE0F/g, ''), name);
}
const glyphs = [...byGlyph.keys()].sort((a, b) => b.length - a.length);
const UNICODE = glyphs.length ? new RegExp(`(?:${glyphs.join('|')})\uFE0F?`, 'g') : null;

/** Shortcodes and known Unicode emoji in already-escaped text -> emoji HTML, held aside by `hold`. */
export function emojify(escaped: string, hold: (html: string) => string): string {
  const out = escaped.replace(/:([a-z0-9_+'-]+):/g, (whole, name: string) => {
    const html = emojiHtml(name);
    return html ? hold(html) : whole;
  });
  if (!UNICODE) return out;
  return out.replace(UNICODE, (glyph) => {
    const name = byGlyph.get(glyph) ?? byGlyph.get(glyph.replace(/\uFE0F/g, ''));
    const html = name ? emojiHtml(name) : null;
    return html ? hold(html) : glyph;
  });
}
