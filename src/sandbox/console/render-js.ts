/**
 * The console's Block Kit and mrkdwn renderer, as browser JavaScript (served at /console/render.js). It is a string
 * so that `tsc` ships it inside dist/ with no build step. It touches no DOM: it turns Block Kit into HTML strings, so
 * it also runs in Node (tests load it with `vm`).
 *
 * Safety: every piece of text is escaped before any formatting is applied; links are only made for http(s) and
 * mailto; images are only loaded from this origin or data: URLs (anything else is a placeholder: the sandbox makes
 * no traffic beyond loopback).
 *
 * Written without template literals or backticks (the string itself is a template literal): a backtick is '\x60'.
 */
export const RENDER_JS = String.raw`
var SlackRender = (function () {
  'use strict';

  var EMOJI = {
    lock: '\u{1F512}', unlock: '\u{1F513}', closed_lock_with_key: '\u{1F510}', key: '\u{1F511}',
    large_green_circle: '\u{1F7E2}', white_circle: '\u26AA', red_circle: '\u{1F534}', large_yellow_circle: '\u{1F7E1}',
    large_orange_circle: '\u{1F7E0}', large_blue_circle: '\u{1F535}', black_circle: '\u26AB', large_purple_circle: '\u{1F7E3}',
    warning: '\u26A0\uFE0F', hourglass_flowing_sand: '\u23F3', hourglass: '\u231B', wastebasket: '\u{1F5D1}\uFE0F',
    mag: '\u{1F50D}', mag_right: '\u{1F50E}', arrows_counterclockwise: '\u{1F504}', arrows_clockwise: '\u{1F503}',
    white_check_mark: '\u2705', heavy_check_mark: '\u2714\uFE0F', x: '\u274C', no_entry: '\u26D4', no_entry_sign: '\u{1F6AB}',
    information_source: '\u2139\uFE0F', point_right: '\u{1F449}', point_left: '\u{1F448}', arrow_right: '\u27A1\uFE0F',
    arrow_left: '\u2B05\uFE0F', arrow_up: '\u2B06\uFE0F', arrow_down: '\u2B07\uFE0F', arrow_forward: '\u25B6\uFE0F',
    arrow_backward: '\u25C0\uFE0F', rewind: '\u23EA', fast_forward: '\u23E9', link: '\u{1F517}', gear: '\u2699\uFE0F',
    wrench: '\u{1F527}', hammer_and_wrench: '\u{1F6E0}\uFE0F', globe_with_meridians: '\u{1F310}', earth_asia: '\u{1F30F}',
    satellite: '\u{1F4E1}', satellite_antenna: '\u{1F4E1}', electric_plug: '\u{1F50C}', zap: '\u26A1', fire: '\u{1F525}',
    rotating_light: '\u{1F6A8}', bell: '\u{1F514}', no_bell: '\u{1F515}', memo: '\u{1F4DD}', clipboard: '\u{1F4CB}',
    page_facing_up: '\u{1F4C4}', bookmark_tabs: '\u{1F4D1}', label: '\u{1F3F7}\uFE0F', pushpin: '\u{1F4CC}',
    round_pushpin: '\u{1F4CD}', bar_chart: '\u{1F4CA}', chart_with_upwards_trend: '\u{1F4C8}', books: '\u{1F4DA}',
    book: '\u{1F4D6}', bulb: '\u{1F4A1}', question: '\u2753', grey_question: '\u2754', exclamation: '\u2757',
    heavy_exclamation_mark: '\u2757', bangbang: '\u203C\uFE0F', tada: '\u{1F389}', wave: '\u{1F44B}', thumbsup: '\u{1F44D}',
    '+1': '\u{1F44D}', thumbsdown: '\u{1F44E}', '-1': '\u{1F44E}', eyes: '\u{1F440}', eye: '\u{1F441}\uFE0F',
    robot_face: '\u{1F916}', shrug: '\u{1F937}', slightly_smiling_face: '\u{1F642}', smile: '\u{1F604}',
    pause_button: '\u23F8\uFE0F', double_vertical_bar: '\u23F8\uFE0F', black_square_for_stop: '\u23F9\uFE0F',
    busts_in_silhouette: '\u{1F465}', bust_in_silhouette: '\u{1F464}', house: '\u{1F3E0}', twisted_rightwards_arrows: '\u{1F500}',
    repeat: '\u{1F501}', mirror: '\u{1FA9E}', cloud: '\u2601\uFE0F', construction: '\u{1F6A7}', stopwatch: '\u23F1\uFE0F',
    alarm_clock: '\u23F0', calendar: '\u{1F4C6}', date: '\u{1F4C5}', shield: '\u{1F6E1}\uFE0F', card_index_dividers: '\u{1F5C2}\uFE0F',
    file_folder: '\u{1F4C1}', open_file_folder: '\u{1F4C2}', package: '\u{1F4E6}', inbox_tray: '\u{1F4E5}', outbox_tray: '\u{1F4E4}',
    speech_balloon: '\u{1F4AC}', heavy_plus_sign: '\u2795', heavy_minus_sign: '\u2796', small_blue_diamond: '\u{1F539}',
    small_orange_diamond: '\u{1F538}', large_blue_diamond: '\u{1F537}', black_small_square: '\u25AA\uFE0F',
    white_small_square: '\u25AB\uFE0F', radio_button: '\u{1F518}', heavy_multiplication_x: '\u2716\uFE0F', sparkles: '\u2728',
    star: '\u2B50', arrow_heading_down: '\u2935\uFE0F', arrow_heading_up: '\u2934\uFE0F', leftwards_arrow_with_hook: '\u21A9\uFE0F',
    arrow_right_hook: '\u21AA\uFE0F', stop_sign: '\u{1F6D1}', traffic_light: '\u{1F6A5}', vertical_traffic_light: '\u{1F6A6}',
    world_map: '\u{1F5FA}\uFE0F', cn: '\u{1F1E8}\u{1F1F3}', hk: '\u{1F1ED}\u{1F1F0}', sg: '\u{1F1F8}\u{1F1EC}', jp: '\u{1F1EF}\u{1F1F5}',
    us: '\u{1F1FA}\u{1F1F8}', de: '\u{1F1E9}\u{1F1EA}', gb: '\u{1F1EC}\u{1F1E7}', inbox: '\u{1F4E5}', email: '\u{1F4E7}',
    ok: '\u{1F197}', new: '\u{1F195}', free: '\u{1F193}', one: '1\uFE0F\u20E3', two: '2\uFE0F\u20E3', three: '3\uFE0F\u20E3',
    hash: '#\uFE0F\u20E3', pencil2: '\u270F\uFE0F', scissors: '\u2702\uFE0F', dart: '\u{1F3AF}', bug: '\u{1F41B}',
    ghost: '\u{1F47B}', skull: '\u{1F480}', thinking_face: '\u{1F914}', clock1: '\u{1F550}', clock3: '\u{1F552}',
    signal_strength: '\u{1F4F6}', desktop_computer: '\u{1F5A5}\uFE0F', computer: '\u{1F4BB}', floppy_disk: '\u{1F4BE}',
    mega: '\u{1F4E3}', loudspeaker: '\u{1F4E2}', turtle: '\u{1F422}', snail: '\u{1F40C}'
  };

  // Drawn emoji: they look right whatever fonts the machine has (headless Chromium often has no emoji font).
  function circle(fill, stroke) {
    return '<circle cx="10" cy="10" r="8" fill="' + fill + '" stroke="' + (stroke || fill) + '" stroke-width="1.2"/>';
  }
  var SVG = {
    large_green_circle: circle('#78b159'),
    white_circle: circle('#f5f8fa', '#99aab5'),
    red_circle: circle('#dd2e44'),
    large_yellow_circle: circle('#fdcb58'),
    large_orange_circle: circle('#f4900c'),
    large_blue_circle: circle('#55acee'),
    large_purple_circle: circle('#aa8ed6'),
    black_circle: circle('#31373d'),
    radio_button: circle('#fff', '#31373d') + '<circle cx="10" cy="10" r="4" fill="#31373d"/>',
    warning: '<path d="M10 1.8 L19 17.8 H1 Z" fill="#ffcc4d" stroke="#c9a227" stroke-width="1" stroke-linejoin="round"/><rect x="9" y="6.5" width="2" height="6.5" rx="1" fill="#231f20"/><circle cx="10" cy="15.3" r="1.2" fill="#231f20"/>',
    lock: '<path d="M6.3 9 V6.6 a3.7 3.7 0 0 1 7.4 0 V9" fill="none" stroke="#99aab5" stroke-width="2.2"/><rect x="3.8" y="8.6" width="12.4" height="9.6" rx="1.8" fill="#ffac33"/><circle cx="10" cy="12.6" r="1.3" fill="#c1694f"/><rect x="9.4" y="12.8" width="1.2" height="3" fill="#c1694f"/>',
    unlock: '<path d="M6.3 9 V5.2 a3.7 3.7 0 0 1 7.4 0 V6" fill="none" stroke="#99aab5" stroke-width="2.2"/><rect x="3.8" y="8.6" width="12.4" height="9.6" rx="1.8" fill="#ffac33"/><circle cx="10" cy="12.6" r="1.3" fill="#c1694f"/>',
    hourglass_flowing_sand: '<rect x="4" y="1.5" width="12" height="2" rx="1" fill="#a0785a"/><rect x="4" y="16.5" width="12" height="2" rx="1" fill="#a0785a"/><path d="M5.5 3.5 H14.5 C14.5 7 11 8.5 11 10 C11 11.5 14.5 13 14.5 16.5 H5.5 C5.5 13 9 11.5 9 10 C9 8.5 5.5 7 5.5 3.5 Z" fill="#ccd6dd" stroke="#99aab5" stroke-width=".8"/><path d="M7 5.5 H13 C12.5 7 10.6 8 10 9 C9.4 8 7.5 7 7 5.5 Z M6.6 16 H13.4 C13 14 10.8 13 10 12.4 C9.2 13 7 14 6.6 16 Z" fill="#ffac33"/>',
    hourglass: '<rect x="4" y="1.5" width="12" height="2" rx="1" fill="#a0785a"/><rect x="4" y="16.5" width="12" height="2" rx="1" fill="#a0785a"/><path d="M5.5 3.5 H14.5 C14.5 7 11 8.5 11 10 C11 11.5 14.5 13 14.5 16.5 H5.5 C5.5 13 9 11.5 9 10 C9 8.5 5.5 7 5.5 3.5 Z" fill="#ccd6dd" stroke="#99aab5" stroke-width=".8"/><path d="M6.6 16 H13.4 C13 13.5 10.8 12.5 10 11.5 C9.2 12.5 7 13.5 6.6 16 Z" fill="#ffac33"/>',
    wastebasket: '<path d="M4.8 6 H15.2 L14.2 18.2 H5.8 Z" fill="#99aab5"/><rect x="3.5" y="3.8" width="13" height="2.4" rx="1" fill="#66757f"/><rect x="8" y="2" width="4" height="2.4" rx=".8" fill="#66757f"/><path d="M8 8.5 V16 M10 8.5 V16 M12 8.5 V16" stroke="#e1e8ed" stroke-width="1"/>',
    mag: '<path d="M12.3 12.3 L17.8 17.8" stroke="#66757f" stroke-width="3" stroke-linecap="round"/><circle cx="8.2" cy="8.2" r="5.6" fill="#bbddf5" stroke="#66757f" stroke-width="2"/>',
    mag_right: '<path d="M7.7 12.3 L2.2 17.8" stroke="#66757f" stroke-width="3" stroke-linecap="round"/><circle cx="11.8" cy="8.2" r="5.6" fill="#bbddf5" stroke="#66757f" stroke-width="2"/>',
    arrows_counterclockwise: '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><path d="M14.3 8.2 A4.6 4.6 0 1 0 14.6 11.4" fill="none" stroke="#fff" stroke-width="2"/><path d="M15.6 4.6 L15.4 9.4 L10.9 8.2 Z" fill="#fff"/>',
    arrows_clockwise: '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><path d="M5.7 8.2 A4.6 4.6 0 1 1 5.4 11.4" fill="none" stroke="#fff" stroke-width="2"/><path d="M4.4 4.6 L4.6 9.4 L9.1 8.2 Z" fill="#fff"/>',
    white_check_mark: '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#77b255"/><path d="M5 10.4 L8.6 14 L15 6.6" fill="none" stroke="#fff" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/>',
    heavy_check_mark: '<path d="M3.5 10.4 L8 15 L16.5 5" fill="none" stroke="#31373d" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/>',
    x: '<path d="M4 4 L16 16 M16 4 L4 16" stroke="#dd2e44" stroke-width="3.6" stroke-linecap="round"/>',
    heavy_multiplication_x: '<path d="M4 4 L16 16 M16 4 L4 16" stroke="#31373d" stroke-width="3.2" stroke-linecap="round"/>',
    no_entry: '<circle cx="10" cy="10" r="8.6" fill="#dd2e44"/><rect x="4.3" y="8.5" width="11.4" height="3" rx=".6" fill="#fff"/>',
    no_entry_sign: '<circle cx="10" cy="10" r="7.6" fill="#fff" stroke="#dd2e44" stroke-width="2.2"/><path d="M4.8 4.8 L15.2 15.2" stroke="#dd2e44" stroke-width="2.2"/>',
    information_source: '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><circle cx="10" cy="5.6" r="1.6" fill="#fff"/><path d="M8 8.6 H11.2 V15 H12.4 V16 H7.6 V15 H8.8 V9.6 H8 Z" fill="#fff"/>',
    heavy_plus_sign: '<path d="M10 3.5 V16.5 M3.5 10 H16.5" stroke="#31373d" stroke-width="3" stroke-linecap="round"/>',
    heavy_minus_sign: '<path d="M3.5 10 H16.5" stroke="#31373d" stroke-width="3" stroke-linecap="round"/>',
    small_blue_diamond: '<path d="M10 5 L15 10 L10 15 L5 10 Z" fill="#55acee"/>',
    small_orange_diamond: '<path d="M10 5 L15 10 L10 15 L5 10 Z" fill="#f4900c"/>',
    large_blue_diamond: '<path d="M10 2 L18 10 L10 18 L2 10 Z" fill="#55acee"/>',
    arrow_right: '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><path d="M4.5 10 H14 M10.5 6 L14.5 10 L10.5 14" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>',
    arrow_left: '<rect x="1" y="1" width="18" height="18" rx="3.5" fill="#3b88c3"/><path d="M15.5 10 H6 M9.5 6 L5.5 10 L9.5 14" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>',
    link: '<path d="M8.6 11.4 L11.4 8.6" stroke="#66757f" stroke-width="2" stroke-linecap="round"/><path d="M9.3 6 L10.8 4.5 a3 3 0 0 1 4.7 4.7 L14 10.7 M10.7 14 L9.2 15.5 a3 3 0 0 1 -4.7 -4.7 L6 9.3" fill="none" stroke="#66757f" stroke-width="2" stroke-linecap="round"/>',
    gear: '<circle cx="10" cy="10" r="5.5" fill="none" stroke="#66757f" stroke-width="3.2" stroke-dasharray="2.6 1.72"/><circle cx="10" cy="10" r="4.6" fill="#66757f"/><circle cx="10" cy="10" r="2" fill="#fff"/>',
    rotating_light: '<rect x="3" y="15" width="14" height="3" rx="1" fill="#66757f"/><path d="M5 15 V10 a5 5 0 0 1 10 0 V15 Z" fill="#dd2e44"/><path d="M8 9.5 a2 2 0 0 1 2 -2" stroke="#fff" stroke-width="1.4" fill="none"/>',
    point_right: '<path d="M2 8 H12 a1.5 1.5 0 0 1 0 3 H9 V14 a2 2 0 0 1 -2 2 H4 a2 2 0 0 1 -2 -2 Z" fill="#ffdc5d" stroke="#c99a2e" stroke-width=".8"/><path d="M11 8 H17.5 a1.5 1.5 0 0 1 0 3 H11" fill="#ffdc5d" stroke="#c99a2e" stroke-width=".8"/>',
    mega: '<path d="M3 8.2 L12.5 3.8 V16.2 L3 11.8 Z" fill="#f4900c" stroke="#c46e00" stroke-width=".8" stroke-linejoin="round"/><rect x="1.6" y="7.6" width="2.6" height="4.8" rx=".8" fill="#66757f"/><path d="M5.2 12 L6.6 16.8 H8.6 L7.6 12.8" fill="#66757f"/><ellipse cx="12.8" cy="10" rx="1.6" ry="6.2" fill="#ffcc4d" stroke="#c46e00" stroke-width=".8"/>',
    grey_question: '<path d="M6.6 7.2 a3.4 3.4 0 1 1 5 3 c-1.1 .6 -1.6 1.2 -1.6 2.4 V13.4" fill="none" stroke="#ccd6dd" stroke-width="2.6" stroke-linecap="round"/><circle cx="10" cy="16.4" r="1.5" fill="#ccd6dd"/>',
    ghost: '<path d="M4 17.5 V9 a6 6 0 0 1 12 0 V17.5 L14 15.8 L12 17.5 L10 15.8 L8 17.5 L6 15.8 Z" fill="#e1e8ed" stroke="#99aab5" stroke-width="1"/><circle cx="7.8" cy="9" r="1.3" fill="#31373d"/><circle cx="12.2" cy="9" r="1.3" fill="#31373d"/>',
    eyes: '<ellipse cx="6.2" cy="10" rx="4" ry="6" fill="#fff" stroke="#66757f" stroke-width="1"/><ellipse cx="13.8" cy="10" rx="4" ry="6" fill="#fff" stroke="#66757f" stroke-width="1"/><circle cx="7.4" cy="11" r="2" fill="#31373d"/><circle cx="15" cy="11" r="2" fill="#31373d"/>'
  };

  var ENTITY = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };
  var HOLD_OPEN = '\u0001';
  var HOLD_CLOSE = '\u0002';

  function esc(value) {
    return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  /** Slack's three entities, decoded exactly once. */
  function decode(value) {
    return String(value).replace(/&(amp|lt|gt);/g, function (m) { return ENTITY[m]; });
  }
  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }
  function safeHref(url) {
    var u = String(url).trim();
    return /^(https?:\/\/|mailto:)/i.test(u) ? u : null;
  }
  function loadableImage(url) {
    if (typeof url !== 'string') return false;
    if (/^data:image\/(png|gif|jpeg|webp);/i.test(url)) return true;
    if (/^\/(?!\/)/.test(url)) return true;
    return /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//i.test(url);
  }

  function emojiHtml(name) {
    var svg = Object.prototype.hasOwnProperty.call(SVG, name) ? SVG[name] : null;
    var glyph = Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : null;
    if (!svg && !glyph) return null;
    var inner = svg ? '<svg viewBox="0 0 20 20" width="1.1em" height="1.1em" aria-hidden="true">' + svg + '</svg>' : glyph;
    return '<span class="sk-emoji" data-emoji="' + esc(name) + '" title=":' + esc(name) + ':" role="img" aria-label="' + esc(name) + '">' + inner + '</span>';
  }

  // Unicode emoji typed straight into text (the compact layouts use them) are drawn like their shortcodes, as Slack
  // draws every emoji with its own images: with no emoji font, a bare code point would be an empty box.
  var UNICODE = (function () {
    var byGlyph = {};
    Object.keys(SVG).forEach(function (name) {
      var glyph = Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : null;
      if (!glyph) return;
      byGlyph[glyph] = name;
      byGlyph[glyph.replace(/\uFE0F/g, '')] = name;
    });
    var glyphs = Object.keys(byGlyph).sort(function (a, b) { return b.length - a.length; });
    return { byGlyph: byGlyph, pattern: glyphs.length ? new RegExp('(?:' + glyphs.join('|') + ')\uFE0F?', 'g') : null };
  })();

  function emojify(escaped, hold) {
    var out = escaped.replace(/:([a-z0-9_+'-]+):/g, function (whole, name) {
      var html = emojiHtml(name);
      return html ? hold(html) : whole;
    });
    if (!UNICODE.pattern) return out;
    return out.replace(UNICODE.pattern, function (glyph) {
      var name = UNICODE.byGlyph[glyph] || UNICODE.byGlyph[glyph.replace(/\uFE0F/g, '')];
      var html = name ? emojiHtml(name) : null;
      return html ? hold(html) : glyph;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Dates: <!date^1392734382^{date_short} at {time}|fallback>, rendered in the viewer's time zone
  // ---------------------------------------------------------------------------------------------
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  var DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

  function ordinal(n) {
    var s = ['th', 'st', 'nd', 'rd'];
    var v = n % 100;
    return n + (s[(v - 20) % 10] || s[v] || s[0]);
  }

  function zoned(date, timeZone) {
    var fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'long',
      hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: true
    });
    var out = {};
    fmt.formatToParts(date).forEach(function (p) { out[p.type] = p.value; });
    return {
      year: Number(out.year), month: Number(out.month), day: Number(out.day), weekday: out.weekday,
      hour: out.hour, minute: out.minute, second: out.second, dayPeriod: (out.dayPeriod || '').toUpperCase()
    };
  }

  function dayNumber(z) {
    return Date.UTC(z.year, z.month - 1, z.day) / 86400000;
  }

  function ago(seconds, nowMs) {
    var diff = Math.round((nowMs / 1000) - seconds);
    var future = diff < 0;
    var d = Math.abs(diff);
    var units = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60]];
    for (var i = 0; i < units.length; i++) {
      var n = Math.floor(d / units[i][1]);
      if (n >= 1) {
        var phrase = n + ' ' + units[i][0] + (n === 1 ? '' : 's');
        return future ? 'in ' + phrase : phrase + ' ago';
      }
    }
    return future ? 'in a few seconds' : 'a few seconds ago';
  }

  function formatDate(seconds, format, options) {
    var timeZone = options && options.timeZone;
    var nowMs = options && typeof options.now === 'number' ? options.now : Date.now();
    var date = new Date(seconds * 1000);
    var z = zoned(date, timeZone);
    var today = zoned(new Date(nowMs), timeZone);
    var delta = dayNumber(z) - dayNumber(today);
    var pretty = delta === 0 ? 'today' : delta === -1 ? 'yesterday' : delta === 1 ? 'tomorrow' : null;
    var monthName = MONTHS[z.month - 1];
    var values = {
      date_num: z.year + '-' + String(z.month).padStart(2, '0') + '-' + String(z.day).padStart(2, '0'),
      date: monthName + ' ' + ordinal(z.day) + ', ' + z.year,
      date_short: monthName.slice(0, 3) + ' ' + z.day + ', ' + z.year,
      date_long: z.weekday + ', ' + monthName + ' ' + ordinal(z.day) + ', ' + z.year,
      time: z.hour + ':' + z.minute + ' ' + z.dayPeriod,
      time_secs: z.hour + ':' + z.minute + ':' + z.second + ' ' + z.dayPeriod,
      ago: ago(seconds, nowMs)
    };
    values.date_pretty = pretty || values.date;
    values.date_short_pretty = pretty || values.date_short;
    values.date_long_pretty = pretty || values.date_long;
    return format.replace(/\{([a-z_]+)\}/g, function (whole, token) {
      return Object.prototype.hasOwnProperty.call(values, token) ? values[token] : whole;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // mrkdwn
  // ---------------------------------------------------------------------------------------------
  function lookupUser(options, id) {
    var users = options && options.users;
    var u = users && Object.prototype.hasOwnProperty.call(users, id) ? users[id] : null;
    return u && u.name ? u.name : id;
  }
  function lookupChannel(options, id) {
    var channels = options && options.channels;
    var c = channels && Object.prototype.hasOwnProperty.call(channels, id) ? channels[id] : null;
    return c && c.name ? c.name : id;
  }

  /** One <...> control sequence -> HTML (escaped). */
  function controlSequence(inner, options) {
    var bar = inner.indexOf('|');
    var target = bar >= 0 ? inner.slice(0, bar) : inner;
    var label = bar >= 0 ? inner.slice(bar + 1) : null;
    var first = target.charAt(0);
    if (first === '@') {
      var name = label !== null ? label : lookupUser(options, target.slice(1));
      return '<span class="sk-mention" data-testid="mention">@' + esc(decode(name.replace(/^@/, ''))) + '</span>';
    }
    if (first === '#') {
      var channel = label !== null ? label : lookupChannel(options, target.slice(1));
      return '<span class="sk-mention sk-channel-mention">#' + esc(decode(channel)) + '</span>';
    }
    if (first === '!') {
      var parts = target.slice(1).split('^');
      var cmd = parts[0];
      if (cmd === 'here' || cmd === 'channel' || cmd === 'everyone') return '<span class="sk-mention sk-broadcast">@' + cmd + '</span>';
      if (cmd === 'subteam') return '<span class="sk-mention">' + esc(decode(label || '@group')) + '</span>';
      if (cmd === 'date') {
        var seconds = Number(parts[1]);
        var fallback = label !== null ? decode(label) : '';
        if (!isFinite(seconds) || parts.length < 3) return esc(fallback);
        var text;
        try {
          text = formatDate(seconds, decode(parts[2]), options);
        } catch (e) {
          text = fallback;
        }
        var title = new Date(seconds * 1000).toISOString();
        var html = '<span class="sk-date" data-testid="date-token" data-ts="' + esc(String(seconds)) + '" title="' + esc(title) + '">' + esc(text) + '</span>';
        var dateLink = parts[3] ? safeHref(decode(parts[3])) : null;
        return dateLink ? '<a href="' + esc(dateLink) + '" target="_blank" rel="noopener noreferrer">' + html + '</a>' : html;
      }
      return esc(decode(label || ''));
    }
    var url = decode(target);
    var href = safeHref(url);
    var shown = decode(label !== null ? label : url.replace(/^mailto:/i, ''));
    if (!href) return esc(shown);
    return '<a class="sk-link" href="' + esc(href) + '" target="_blank" rel="noopener noreferrer">' + esc(shown) + '</a>';
  }

  /** How a control sequence reads as plain text (inside code). */
  function controlPlain(inner, options) {
    var bar = inner.indexOf('|');
    var target = bar >= 0 ? inner.slice(0, bar) : inner;
    var label = bar >= 0 ? inner.slice(bar + 1) : null;
    if (target.charAt(0) === '@') return '@' + (label !== null ? label : lookupUser(options, target.slice(1)));
    if (target.charAt(0) === '#') return '#' + (label !== null ? label : lookupChannel(options, target.slice(1)));
    if (target.charAt(0) === '!') return label !== null ? label : '@' + target.slice(1).split('^')[0];
    return label !== null ? label : target;
  }

  function plainCode(raw, options) {
    return esc(decode(raw.replace(/<([^<>\n]+)>/g, function (m, inner) { return controlPlain(inner, options); })));
  }

  /**
   * mrkdwn -> HTML. Escape first, format after: control sequences, code and emoji are held aside as finished HTML
   * while the remaining (already escaped) text gets bold/italic/strike, quotes and line breaks.
   */
  function mrkdwn(text, options) {
    options = options || {};
    var held = [];
    function hold(html) {
      held.push(html);
      return HOLD_OPEN + (held.length - 1) + HOLD_CLOSE;
    }
    var src = String(text == null ? '' : text).replace(/[\u0001\u0002]/g, '');
    var TICKS = '\x60\x60\x60';
    // Pre-formatted blocks.
    var parts = src.split(TICKS);
    var staged = '';
    for (var i = 0; i < parts.length; i++) {
      if (i % 2 === 1 && i < parts.length - 1) {
        staged += hold('<pre class="sk-pre" data-testid="pre">' + plainCode(parts[i].replace(/^\n/, ''), options) + '</pre>');
      } else {
        staged += (i % 2 === 1 ? TICKS : '') + parts[i];
      }
    }
    // Inline code.
    staged = staged.replace(/\x60([^\x60\n]+)\x60/g, function (m, code) {
      return hold('<code class="sk-code">' + plainCode(code, options) + '</code>');
    });
    // Control sequences: links, mentions, dates. A raw "<" only ever starts one.
    staged = staged.replace(/<([^<>\n]*)>/g, function (m, inner) {
      return hold(controlSequence(inner, options));
    });
    // What is left is text: decode Slack's entities once, then escape for HTML.
    var html = esc(decode(staged));
    html = emojify(html, hold);
    if (!options.verbatim) {
      html = html.replace(/(^|[\s(])(https?:\/\/[^\s\u0001]+[^\s\u0001.,;:!?)'])/g, function (m, pre, url) {
        return pre + hold('<a class="sk-link" href="' + url + '" target="_blank" rel="noopener noreferrer">' + url + '</a>');
      });
    }
    var boundaryBefore = "(^|[\\s(\\[{\"'\u0002>.,;:!?/-])";
    var boundaryAfter = "(?=$|[\\s)\\]}\"'\u0001<.,;:!?/-])";
    html = html.replace(new RegExp(boundaryBefore + '\\*(?!\\s)([^*\\n]*?[^\\s*])\\*' + boundaryAfter, 'g'), '$1<b>$2</b>');
    html = html.replace(new RegExp(boundaryBefore + '_(?!\\s)([^_\\n]*?[^\\s_])_' + boundaryAfter, 'g'), '$1<i>$2</i>');
    html = html.replace(new RegExp(boundaryBefore + '~(?!\\s)([^~\\n]*?[^\\s~])~' + boundaryAfter, 'g'), '$1<s>$2</s>');
    // Block quotes: lines starting with ">".
    var lines = html.split('\n');
    var out = [];
    var quote = [];
    function flushQuote() {
      if (quote.length) out.push('<blockquote class="sk-quote">' + quote.join('<br>') + '</blockquote>');
      quote = [];
    }
    for (var j = 0; j < lines.length; j++) {
      var m = /^&gt;\s?(.*)$/.exec(lines[j]);
      if (m) {
        quote.push(m[1]);
      } else {
        flushQuote();
        out.push(lines[j]);
      }
    }
    flushQuote();
    html = out.join('\n').replace(/\n/g, '<br>').replace(/<\/blockquote><br>/g, '</blockquote>');
    return html.replace(/\u0001(\d+)\u0002/g, function (m, n) { return held[Number(n)]; });
  }

  function plain(text, emoji) {
    var held = [];
    function hold(html) {
      held.push(html);
      return HOLD_OPEN + (held.length - 1) + HOLD_CLOSE;
    }
    var html = esc(String(text == null ? '' : text).replace(/[\u0001\u0002]/g, ''));
    if (emoji !== false) html = emojify(html, hold);
    html = html.replace(/\n/g, '<br>');
    return html.replace(/\u0001(\d+)\u0002/g, function (m, n) { return held[Number(n)]; });
  }

  function textObject(obj, options) {
    if (!isObject(obj)) return '';
    if (obj.type === 'mrkdwn') return mrkdwn(obj.text, { users: options && options.users, channels: options && options.channels, timeZone: options && options.timeZone, now: options && options.now, verbatim: obj.verbatim === true });
    return plain(obj.text, obj.emoji);
  }

  // ---------------------------------------------------------------------------------------------
  // Block Kit
  // ---------------------------------------------------------------------------------------------
  function attr(name, value) {
    return value === undefined || value === null ? '' : ' ' + name + '="' + esc(value) + '"';
  }

  function imageHtml(url, alt, cls, testid) {
    if (loadableImage(url)) return '<img class="' + cls + '" src="' + esc(url) + '" alt="' + esc(alt || '') + '"' + attr('data-testid', testid) + '>';
    var initial = (String(alt || '?').trim().charAt(0) || '?').toUpperCase();
    return '<span class="' + cls + ' sk-img-placeholder" role="img" aria-label="' + esc(alt || '') + '" title="' + esc((alt ? alt + ' \u2014 ' : '') + 'image not loaded in the sandbox: ' + String(url || '')) + '"' + attr('data-testid', testid) + '>' + esc(initial) + '</span>';
  }

  var choiceGroups = 0;

  function optionList(el) {
    var opts = [];
    if (Array.isArray(el.options)) opts = el.options.filter(isObject);
    if (Array.isArray(el.option_groups)) el.option_groups.forEach(function (g) { if (isObject(g) && Array.isArray(g.options)) opts = opts.concat(g.options.filter(isObject)); });
    return opts;
  }

  function placeholderText(el, fallback) {
    return isObject(el.placeholder) ? String(el.placeholder.text) : fallback;
  }

  /** conversations_select filter: include (public, private, im, mpim) and exclude_bot_users. */
  function conversationAllowed(c, filter) {
    if (!isObject(filter)) return true;
    if (Array.isArray(filter.include) && filter.include.length && filter.include.indexOf(c.type) < 0) return false;
    if (filter.exclude_bot_users === true && c.withBot) return false;
    return true;
  }

  /** What a conversations_select shows first: initial_conversation, else the current conversation if allowed. */
  function initialConversation(el, options) {
    if (typeof el.initial_conversation === 'string' && el.initial_conversation) return el.initial_conversation;
    var current = options && options.currentConversation;
    if (el.default_to_current_conversation !== true || !current) return null;
    var list = (options && options.conversations) || [];
    return list.some(function (c) { return c.id === current && conversationAllowed(c, el.filter); }) ? current : null;
  }

  function conversationLabel(c) {
    return c.type === 'im' ? c.name : '# ' + c.name;
  }

  /** A <select> of ids: conversations, channels or users. */
  function pickerSelect(el, common, kind, choices, initial, head) {
    var html = '<select class="sk-select sk-picker" data-testid="select-' + esc(el.action_id || '') + '"' + common + attr('data-kind', kind) + '>';
    html += '<option value="" disabled' + (initial ? '' : ' selected') + '>' + esc(head) + '</option>';
    var listed = false;
    choices.forEach(function (c) {
      if (c.id === initial) listed = true;
      html += '<option value="' + esc(c.id) + '"' + (c.id === initial ? ' selected' : '') + '>' + esc(c.label) + '</option>';
    });
    if (initial && !listed) html += '<option value="' + esc(initial) + '" selected>' + esc(initial) + '</option>';
    return html + '</select>';
  }

  /** radio_buttons and checkboxes: one labelled input per option, with its description under it. */
  function choiceGroup(el, common, kind, options) {
    var multi = kind === 'checkboxes';
    var chosen = multi
      ? (Array.isArray(el.initial_options) ? el.initial_options.filter(isObject).map(function (o) { return o.value; }) : [])
      : (isObject(el.initial_option) ? [el.initial_option.value] : []);
    choiceGroups += 1;
    var name = 'sk-' + kind + '-' + choiceGroups;
    var html = '<div class="sk-choices sk-' + (multi ? 'checks' : 'radios') + '" role="' + (multi ? 'group' : 'radiogroup') + '" data-testid="' + (multi ? 'checkboxes-' : 'radio-') + esc(el.action_id || '') + '"' + common + attr('data-kind', kind) + '>';
    optionList(el).forEach(function (o) {
      html += '<label class="sk-choice"><input type="' + (multi ? 'checkbox' : 'radio') + '" name="' + name + '" value="' + esc(o.value) + '"' + (chosen.indexOf(o.value) >= 0 ? ' checked' : '') + '>' +
        '<span class="sk-choice-text"><span class="sk-choice-label">' + textObject(o.text, options) + '</span>' +
        (isObject(o.description) ? '<span class="sk-choice-desc">' + textObject(o.description, options) + '</span>' : '') + '</span></label>';
    });
    return html + '</div>';
  }

  /**
   * One interactive element. inputBlock: the block_id when it sits in an input block (its value is then read on
   * submit, not sent on change, unless the block has dispatch_action).
   */
  function elementHtml(el, blockId, options, inputBlock, dispatch) {
    if (!isObject(el)) return '';
    var common = (inputBlock ? attr('data-input-block', inputBlock) : '') + attr('data-action-id', el.action_id) + attr('data-block-id', blockId) +
      (dispatch ? ' data-dispatch="1"' : '') +
      attr('data-confirm', isObject(el.confirm) ? JSON.stringify(el.confirm) : undefined);
    var type = String(el.type);
    if (type === 'button') {
      var cls = 'sk-btn' + (el.style === 'primary' ? ' sk-btn-primary' : el.style === 'danger' ? ' sk-btn-danger' : '');
      var href = el.url ? safeHref(el.url) : null;
      return '<button type="button" class="' + cls + '" data-testid="button-' + esc(el.action_id || '') + '"' + common +
        attr('data-value', el.value) + attr('data-url', href || undefined) +
        attr('data-kind', 'button') + (href ? ' title="' + esc(href) + '"' : '') + '>' + textObject(el.text, options) + (href ? ' <span class="sk-ext" aria-hidden="true">\u2197</span>' : '') + '</button>';
    }
    if (type === 'static_select' || type === 'external_select' || type === 'overflow' || type === 'multi_static_select') {
      var opts = optionList(el);
      var multi = type === 'multi_static_select';
      var initials = multi
        ? (Array.isArray(el.initial_options) ? el.initial_options.filter(isObject).map(function (o) { return o.value; }) : [])
        : (isObject(el.initial_option) ? [el.initial_option.value] : []);
      var head = type === 'overflow' ? '\u22EF' : placeholderText(el, multi ? 'Select options' : 'Select an item');
      var html = '<select class="' + (type === 'overflow' ? 'sk-overflow' : 'sk-select') + '"' + (multi ? ' multiple' : '') + ' data-testid="select-' + esc(el.action_id || '') + '"' + common + attr('data-kind', type) + '>';
      if (!multi) html += '<option value="" disabled' + (initials.length ? '' : ' selected') + '>' + esc(head) + '</option>';
      opts.forEach(function (o) {
        html += '<option value="' + esc(o.value) + '"' + (initials.indexOf(o.value) >= 0 ? ' selected' : '') + '>' + esc(isObject(o.text) ? o.text.text : '') + '</option>';
      });
      return html + '</select>';
    }
    if (type === 'radio_buttons' || type === 'checkboxes') return choiceGroup(el, common, type, options);
    if (type === 'conversations_select' || type === 'channels_select') {
      var all = (options && options.conversations) || [];
      var allowed = all.filter(function (c) { return type === 'channels_select' ? c.type === 'public' : conversationAllowed(c, el.filter); });
      var initial = type === 'channels_select' ? (typeof el.initial_channel === 'string' ? el.initial_channel : null) : initialConversation(el, options);
      return pickerSelect(el, common, type, allowed.map(function (c) { return { id: c.id, label: conversationLabel(c) }; }), initial,
        placeholderText(el, type === 'channels_select' ? 'Select a channel' : 'Select a conversation'));
    }
    if (type === 'users_select') {
      var users = (options && options.users) || {};
      var people = Object.keys(users).map(function (id) { return users[id]; }).filter(function (u) { return isObject(u) && !u.isBot; })
        .map(function (u) { return { id: u.id, label: u.realName || u.name }; });
      return pickerSelect(el, common, type, people, typeof el.initial_user === 'string' ? el.initial_user : null, placeholderText(el, 'Select a user'));
    }
    if (type === 'plain_text_input' || type === 'number_input' || type === 'email_text_input' || type === 'url_text_input') {
      var value = typeof el.initial_value === 'string' ? el.initial_value : (typeof el.initial_value === 'number' ? String(el.initial_value) : '');
      var ph = isObject(el.placeholder) ? attr('placeholder', el.placeholder.text) : '';
      var tid = attr('data-testid', 'input-' + (el.action_id || ''));
      var mode = type === 'number_input' ? attr('inputmode', el.is_decimal_allowed === true ? 'decimal' : 'numeric') : type === 'email_text_input' ? attr('inputmode', 'email') : type === 'url_text_input' ? attr('inputmode', 'url') : '';
      if (type === 'plain_text_input' && el.multiline) return '<textarea class="sk-input" rows="4"' + common + tid + attr('data-kind', type) + ph + '>' + esc(value) + '</textarea>';
      return '<input class="sk-input" type="text"' + common + tid + attr('data-kind', type) + mode + ph + ' value="' + esc(value) + '">';
    }
    if (type === 'datepicker' || type === 'timepicker') {
      var initialDate = type === 'datepicker' ? el.initial_date : el.initial_time;
      return '<input class="sk-input sk-input-narrow" type="' + (type === 'datepicker' ? 'date' : 'time') + '"' + common + attr('data-testid', 'input-' + (el.action_id || '')) + attr('data-kind', type) + ' value="' + esc(typeof initialDate === 'string' ? initialDate : '') + '">';
    }
    if (type === 'image') return imageHtml(el.image_url, el.alt_text, 'sk-accessory-img', 'accessory-image');
    return '<span class="sk-unsupported" data-testid="unsupported-element">' + esc(type) + ' (not rendered by the sandbox)</span>';
  }

  function inputHtml(block, options) {
    var el = isObject(block.element) ? block.element : {};
    var errors = (options && options.errors) || {};
    var blockId = block.block_id;
    var hasError = blockId && Object.prototype.hasOwnProperty.call(errors, blockId);
    var html = '<div class="sk-input-block' + (hasError ? ' sk-input-invalid' : '') + '">';
    html += '<label class="sk-input-label">' + textObject(block.label, options) + (block.optional ? ' <span class="sk-optional">(optional)</span>' : '') + '</label>';
    html += elementHtml(el, blockId, options, blockId || '', block.dispatch_action === true);
    if (hasError) html += '<div class="sk-input-error" data-testid="input-error" role="alert">' + esc(errors[blockId]) + '</div>';
    if (isObject(block.hint)) html += '<div class="sk-hint-text" data-testid="input-hint">' + textObject(block.hint, options) + '</div>';
    return html + '</div>';
  }

  function richTextElements(elements, options) {
    if (!Array.isArray(elements)) return '';
    return elements.map(function (e) {
      if (!isObject(e)) return '';
      var s;
      switch (e.type) {
        case 'text': s = plain(e.text, false); break;
        case 'link': s = safeHref(e.url) ? '<a class="sk-link" href="' + esc(e.url) + '" target="_blank" rel="noopener noreferrer">' + esc(e.text || e.url) + '</a>' : esc(e.text || e.url || ''); break;
        case 'emoji': s = emojiHtml(e.name) || esc(':' + e.name + ':'); break;
        case 'user': s = '<span class="sk-mention">@' + esc(lookupUser(options, e.user_id)) + '</span>'; break;
        case 'channel': s = '<span class="sk-mention">#' + esc(lookupChannel(options, e.channel_id)) + '</span>'; break;
        case 'broadcast': s = '<span class="sk-mention sk-broadcast">@' + esc(e.range) + '</span>'; break;
        case 'date': s = '<span class="sk-date">' + esc(formatDate(Number(e.timestamp), String(e.format || '{date_short}'), options)) + '</span>'; break;
        default: s = esc(e.text || '');
      }
      var st = isObject(e.style) ? e.style : {};
      if (st.code) s = '<code class="sk-code">' + s + '</code>';
      if (st.bold) s = '<b>' + s + '</b>';
      if (st.italic) s = '<i>' + s + '</i>';
      if (st.strike) s = '<s>' + s + '</s>';
      return s;
    }).join('');
  }

  function richTextHtml(block, options) {
    if (!Array.isArray(block.elements)) return '';
    return block.elements.map(function (section) {
      if (!isObject(section)) return '';
      if (section.type === 'rich_text_section') return '<div class="sk-rt-section">' + richTextElements(section.elements, options) + '</div>';
      if (section.type === 'rich_text_preformatted') return '<pre class="sk-pre">' + richTextElements(section.elements, options) + '</pre>';
      if (section.type === 'rich_text_quote') return '<blockquote class="sk-quote">' + richTextElements(section.elements, options) + '</blockquote>';
      if (section.type === 'rich_text_list') {
        var tag = section.style === 'ordered' ? 'ol' : 'ul';
        var items = Array.isArray(section.elements) ? section.elements : [];
        return '<' + tag + ' class="sk-rt-list" style="margin-left:' + (Number(section.indent) || 0) * 24 + 'px">' +
          items.map(function (item) { return '<li>' + richTextElements(isObject(item) ? item.elements : [], options) + '</li>'; }).join('') + '</' + tag + '>';
      }
      return '';
    }).join('');
  }

  function blockHtml(block, options) {
    if (!isObject(block)) return '';
    var type = String(block.type);
    var open = '<div class="sk-block sk-block-' + esc(type) + '" data-testid="block-' + esc(type) + '"' + attr('data-block-id', block.block_id) + '>';
    var body;
    switch (type) {
      case 'header':
        body = '<div class="sk-header" data-testid="header">' + textObject(block.text, options) + '</div>';
        break;
      case 'section': {
        var main = '';
        if (isObject(block.text)) main += '<div class="sk-section-text" data-testid="section-text">' + textObject(block.text, options) + '</div>';
        if (Array.isArray(block.fields)) {
          main += '<div class="sk-fields" data-testid="section-fields">' + block.fields.map(function (f) {
            return '<div class="sk-field" data-testid="section-field">' + textObject(f, options) + '</div>';
          }).join('') + '</div>';
        }
        var accessory = isObject(block.accessory) ? '<div class="sk-accessory" data-testid="section-accessory">' + elementHtml(block.accessory, block.block_id, options) + '</div>' : '';
        body = '<div class="sk-section"><div class="sk-section-main">' + main + '</div>' + accessory + '</div>';
        break;
      }
      case 'context':
        body = '<div class="sk-context" data-testid="context">' + (Array.isArray(block.elements) ? block.elements : []).map(function (e) {
          if (isObject(e) && e.type === 'image') return imageHtml(e.image_url, e.alt_text, 'sk-context-img', 'context-image');
          return '<span class="sk-context-text" data-testid="context-element">' + textObject(e, options) + '</span>';
        }).join('') + '</div>';
        break;
      case 'divider':
        body = '<hr class="sk-divider">';
        break;
      case 'actions':
        body = '<div class="sk-actions" data-testid="actions">' + (Array.isArray(block.elements) ? block.elements : []).map(function (e) {
          return elementHtml(e, block.block_id, options);
        }).join('') + '</div>';
        break;
      case 'image':
        body = (isObject(block.title) ? '<div class="sk-image-title">' + textObject(block.title, options) + '</div>' : '') + imageHtml(block.image_url, block.alt_text, 'sk-image', 'image');
        break;
      case 'rich_text':
        body = '<div class="sk-rich-text">' + richTextHtml(block, options) + '</div>';
        break;
      case 'markdown':
        body = '<div class="sk-section-text">' + mrkdwn(block.text, options) + '</div>';
        break;
      case 'input':
        body = inputHtml(block, options);
        break;
      default:
        body = '<div class="sk-unsupported" data-testid="unsupported-block">' + esc(type) + ' block (not rendered by the sandbox)</div>';
    }
    return open + body + '</div>';
  }

  function blocks(list, options) {
    if (!Array.isArray(list)) return '';
    return list.map(function (b) { return blockHtml(b, options); }).join('');
  }

  return { esc: esc, decode: decode, mrkdwn: mrkdwn, plain: plain, textObject: textObject, blocks: blocks, formatDate: formatDate, emojiHtml: emojiHtml, EMOJI: EMOJI };
})();
if (typeof module !== 'undefined' && module.exports) module.exports = SlackRender;
`;
