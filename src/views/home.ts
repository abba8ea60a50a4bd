/**
 * App Home: an overview of the configured regions.
 *
 * Up to HOME_DETAILED_MAX_REGIONS regions: divider + section (counts, statuses, FinancialLocked, newest) + buttons
 * per region. More: one denser section per region with List beside it, no dividers. More than fit in 100 blocks: the
 * rest are summed up in one section at the end (their names and totals, no buttons).
 *
 * Each region's buttons sit below it: "List sessions", and the attention lists an on-call engineer wants first,
 * "Locked", "Disabled" and "Not Created", each only when there is such a session. A region with no sessions gets
 * neither a green dot nor a button: there is nothing to list.
 */
import type { ActionsBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { MirrorSession, RegionOverview } from '../cloud/types';
import { ActionId } from './action-ids';
import { shortCloudErrorText } from './errors';
import { button, Cue, code, mrkdwn, nameText, plain, plural, relativeTime } from './format';
import { HOME_BLOCKS_MAX, SECTION_TEXT_MAX } from './limits';
import type { HomeSurface } from './surface';
import { escapeTruncated, truncate } from './text';
import { homeWatchesBlocks, type WatchListEntry } from './watch';

export interface HomeViewInput {
  overviews: RegionOverview[];
  /** The signed value of a region's "List sessions" button. */
  listValue: (region: string) => string;
  now: Date;
  refreshedAt?: Date;
  /** A line under the buttons saying where the last list went ("Sent to your DM …"). */
  notice?: string;
  /** The watches this person made (views/watch.ts); nothing is shown when there are none. */
  yourWatches?: readonly WatchListEntry[];
}

/** What a Home list button asks for; the region is its value. */
export type HomeList = 'all' | 'locked' | 'disabled' | 'notCreated';

export const HOME_LIST_ACTIONS: Readonly<Record<HomeList, string>> = {
  all: ActionId.HomeListRegion,
  locked: ActionId.HomeListLocked,
  disabled: ActionId.HomeListDisabled,
  notCreated: ActionId.HomeListNotCreated,
};

/** "locked sessions", as the DM and Home's note name a list. */
export const HOME_LIST_WORDS: Readonly<Record<HomeList, string>> = {
  all: 'sessions',
  locked: 'locked sessions (overdue payment)',
  disabled: 'disabled sessions',
  notCreated: 'sessions not in the Created state',
};

/** Regions shown with dividers and every detail; above this the layout gets denser. */
const HOME_DETAILED_MAX_REGIONS = 12;
/** FinancialLocked sessions named per region (the rest are counted). */
const HOME_LOCKED_SHOWN = 5;
/** Newest sessions shown per region in the detailed / dense layout. */
const HOME_NEWEST_SHOWN = 3;
const HOME_NEWEST_SHOWN_DENSE = 1;

const STATUS_ORDER = ['Created', 'Creating', 'Modifying', 'Deleting'];

function statusCounts(byStatus: Record<string, number>): string {
  const keys = Object.keys(byStatus).sort((a, b) => {
    const ia = STATUS_ORDER.indexOf(a);
    const ib = STATUS_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return keys
    .slice(0, 8)
    .map((status) => {
      const n = byStatus[status] ?? 0;
      const cue =
        status === 'Creating' || status === 'Modifying'
          ? `${Cue.pending} `
          : status === 'Deleting'
            ? `${Cue.deleting} `
            : status === 'Created'
              ? ''
              : `${Cue.unknownStatus} `;
      return `${cue}${escapeTruncated(status, 30)} ${n}`;
    })
    .join(' · ');
}

function sessionRef(session: MirrorSession, nameMax: number): string {
  return `${nameText(session.name, nameMax)} ${code(session.id, 60)}`;
}

function okRegionText(overview: Extract<RegionOverview, { ok: true }>, now: Date, dense: boolean): string {
  const lines: string[] = [];
  if (overview.total === 0) return `*${escapeTruncated(overview.region, 60)}* — no sessions`;
  lines.push(
    `*${escapeTruncated(overview.region, 60)}* — ${plural(overview.total, 'session')} · ` +
      `${Cue.enabled} ${overview.enabled} enabled · ${Cue.disabled} ${overview.disabled} disabled`,
  );
  const statuses = statusCounts(overview.byStatus);
  if (statuses) lines.push(statuses);
  const locked = overview.financialLocked;
  if (locked.length > 0) {
    // A list, one session a line: ids broken across a run-on sentence are hard to read and to copy.
    const shownMax = dense ? 2 : HOME_LOCKED_SHOWN;
    const shown = locked.slice(0, shownMax).map((s) => `• ${sessionRef(s, 40)}`);
    lines.push(`${Cue.locked} *${locked.length} locked* (overdue payment, traffic not mirrored):`, ...shown);
    if (locked.length > shown.length) lines.push(`• +${locked.length - shown.length} more (*Locked* lists them all)`);
  }
  const newest = overview.newest.slice(0, dense ? HOME_NEWEST_SHOWN_DENSE : HOME_NEWEST_SHOWN);
  if (newest.length > 0) {
    const refs = newest.map(
      (s) => `${sessionRef(s, dense ? 30 : 50)}${s.createdAt ? ` ${relativeTime(s.createdAt, now)}` : ''}`,
    );
    lines.push(`Newest: ${refs.join(' · ')}`);
  }
  return truncate(lines.join('\n'), SECTION_TEXT_MAX);
}

function failedRegionText(overview: Extract<RegionOverview, { ok: false }>, now: Date): string {
  return truncate(
    `${Cue.warning} *${escapeTruncated(overview.region, 60)}* — couldn't scan: ${shortCloudErrorText(overview.error)}` +
      ` (${relativeTime(overview.scannedAt, now)})`,
    SECTION_TEXT_MAX,
  );
}

function regionSection(overview: RegionOverview, now: Date, dense: boolean, listValue: string): SectionBlock {
  const section: SectionBlock = {
    type: 'section',
    text: mrkdwn(overview.ok ? okRegionText(overview, now, dense) : failedRegionText(overview, now)),
  };
  // Dense (many regions): one block per region, so List rides beside the text and the attention lists are left to
  // `enabled:false` and each region's own list.
  if (dense && (!overview.ok || overview.total > 0))
    section.accessory = button('List sessions', HOME_LIST_ACTIONS.all, listValue);
  return section;
}

/** The region's buttons, below it; none for a region with no sessions. A failed region keeps List (to retry). */
function regionActions(overview: RegionOverview, index: number, listValue: string): ActionsBlock | undefined {
  if (!overview.ok) {
    return {
      type: 'actions',
      block_id: `mirrors_home_region_${index}`,
      elements: [button('List sessions', HOME_LIST_ACTIONS.all, listValue)],
    };
  }
  if (overview.total === 0) return undefined;
  const elements = [button('List sessions', HOME_LIST_ACTIONS.all, listValue)];
  const counts: ReadonlyArray<readonly [HomeList, string, number]> = [
    ['locked', 'Locked', overview.financialLocked.length],
    ['disabled', 'Disabled', overview.disabled],
    ['notCreated', 'Not Created', overview.notCreated.length],
  ];
  for (const [list, label, n] of counts) {
    if (n > 0) elements.push(button(`${label} (${n})`, HOME_LIST_ACTIONS[list], listValue));
  }
  return { type: 'actions', block_id: `mirrors_home_region_${index}`, elements };
}

function updatedAt(input: HomeViewInput): Date | undefined {
  if (input.refreshedAt) return input.refreshedAt;
  let oldest: Date | undefined;
  for (const o of input.overviews) if (!oldest || o.scannedAt < oldest) oldest = o.scannedAt;
  return oldest;
}

export function homeView(input: HomeViewInput): HomeSurface {
  const { overviews, now } = input;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('Traffic mirror sessions') }];

  const ok = overviews.filter((o): o is Extract<RegionOverview, { ok: true }> => o.ok);
  const failed = overviews.length - ok.length;
  const total = ok.reduce((n, o) => n + o.total, 0);
  const enabled = ok.reduce((n, o) => n + o.enabled, 0);
  const locked = ok.reduce((n, o) => n + o.financialLocked.length, 0);
  const updated = updatedAt(input);
  const summary = [
    overviews.length > 0
      ? `${plural(total, 'session')} in ${plural(overviews.length, 'region')}`
      : 'No regions configured (`MIRRORS_REGIONS`).',
  ];
  if (overviews.length > 0) summary.push(`${enabled} enabled`);
  if (locked > 0) summary.push(`${Cue.locked} ${locked} locked (overdue payment)`);
  if (failed > 0) summary.push(`${Cue.warning} ${plural(failed, 'region')} failed`);
  const updatedText = updated ? `Updated ${relativeTime(updated, now)}` : 'Not scanned yet';
  blocks.push({ type: 'section', text: mrkdwn(`${summary.join(' · ')}\n${updatedText}`) });
  blocks.push(...homeActionBlocks(input.notice));

  if (input.yourWatches) blocks.push(...homeWatchesBlocks(input.yourWatches, now));

  const dense = overviews.length > HOME_DETAILED_MAX_REGIONS;
  // Room for region sections: keep 2 blocks spare for the "more regions" section and a closing context.
  const room = HOME_BLOCKS_MAX - blocks.length - 2;
  const perRegion = dense ? 1 : 3;
  const shownCount = Math.min(overviews.length, Math.floor(room / perRegion));
  overviews.slice(0, shownCount).forEach((overview, index) => {
    if (!dense) blocks.push({ type: 'divider' });
    blocks.push(regionSection(overview, now, dense, input.listValue(overview.region)));
    const actions = dense ? undefined : regionActions(overview, index, input.listValue(overview.region));
    if (actions) blocks.push(actions);
  });
  const rest = overviews.slice(shownCount);
  if (rest.length > 0) {
    const names = rest.map((o) => `${escapeTruncated(o.region, 40)} (${o.ok ? o.total : 'failed'})`).join(', ');
    blocks.push({
      type: 'section',
      text: mrkdwn(truncate(`*${plural(rest.length, 'more region')}:* ${names}`, SECTION_TEXT_MAX)),
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        'Use `/mirrors REGION …` in any channel, or mention the bot in a thread. `/mirrors help` shows every filter. ' +
          '*Build a query* (or the *Find mirror sessions* shortcut) asks for each filter in a form.',
      ),
    ],
  });
  return { type: 'home', blocks };
}

/** One account's part of Home, when the bot has several: only regions the viewer may see are in `overviews`. */
export interface AccountHomeSection {
  account: string;
  overviews: RegionOverview[];
  listValue: (region: string) => string;
}

export interface AccountsHomeInput {
  sections: AccountHomeSection[];
  now: Date;
  notice?: string;
  /** The watches this person made, in every account (views/watch.ts); nothing is shown when there are none. */
  yourWatches?: readonly WatchListEntry[];
}

function accountSummary(overviews: readonly RegionOverview[], now: Date): string {
  const ok = overviews.filter((o): o is Extract<RegionOverview, { ok: true }> => o.ok);
  const failed = overviews.length - ok.length;
  const locked = ok.reduce((n, o) => n + o.financialLocked.length, 0);
  const parts = [
    `${plural(
      ok.reduce((n, o) => n + o.total, 0),
      'session',
    )} in ${plural(overviews.length, 'region')}`,
    `${ok.reduce((n, o) => n + o.enabled, 0)} enabled`,
  ];
  if (locked > 0) parts.push(`${Cue.locked} ${locked} locked (overdue payment)`);
  if (failed > 0) parts.push(`${Cue.warning} ${plural(failed, 'region')} failed`);
  const updated = updatedAt({ overviews: [...overviews], listValue: () => '', now });
  return `${parts.join(' · ')}\n${updated ? `Updated ${relativeTime(updated, now)}` : 'Not scanned yet'}`;
}

/** Refresh and the query builder, then the notice a Home action left (where a list went, what failed), if any. */
function homeActionBlocks(notice: string | undefined): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'actions',
      block_id: 'mirrors_home_actions',
      elements: [
        button('Refresh', ActionId.HomeRefresh, 'refresh'),
        // The guided query: every filter as its own input, for when typing `tag:Key=Value` is a chore (phones).
        button('Build a query', ActionId.OpenQueryBuilder, 'open', 'primary'),
      ],
    },
  ];
  if (notice)
    blocks.push({ type: 'context', block_id: 'mirrors_home_notice', elements: [mrkdwn(truncate(notice, 2000))] });
  return blocks;
}

/**
 * Home of a bot with several accounts (or access rules): one section per account the viewer may see, each with
 * only the regions the rules let them see from App Home. Accounts they may not see are not named.
 */
export function accountsHomeView(input: AccountsHomeInput): HomeSurface {
  const { sections, now } = input;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain('Traffic mirror sessions') }];
  blocks.push(...homeActionBlocks(input.notice));
  // Before the accounts, as on single-account Home: the account sections shrink to what is left of the limit.
  if (input.yourWatches) blocks.push(...homeWatchesBlocks(input.yourWatches, now));
  if (sections.length === 0) {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        ':no_entry: The access rules of this bot show you no account from App Home. Ask whoever keeps its config file.',
      ),
    });
  }
  const regionCount = sections.reduce((n, s) => n + s.overviews.length, 0);
  const dense = regionCount > HOME_DETAILED_MAX_REGIONS;
  const perRegion = dense ? 1 : 3;
  let index = 0;
  for (const section of sections) {
    // A header and a summary per account, one closing context, and a line for what did not fit.
    const room = HOME_BLOCKS_MAX - blocks.length - 4;
    if (room < 2) break;
    blocks.push({ type: 'header', text: plain(truncate(`Account ${section.account}`, 150)) });
    blocks.push({ type: 'section', text: mrkdwn(accountSummary(section.overviews, now)) });
    const fits = Math.max(0, Math.min(section.overviews.length, Math.floor((room - 2) / perRegion)));
    for (const overview of section.overviews.slice(0, fits)) {
      if (!dense) blocks.push({ type: 'divider' });
      blocks.push(regionSection(overview, now, dense, section.listValue(overview.region)));
      const actions = dense ? undefined : regionActions(overview, index, section.listValue(overview.region));
      index += 1;
      if (actions) blocks.push(actions);
    }
    const rest = section.overviews.slice(fits);
    if (rest.length > 0) {
      const names = rest.map((o) => `${escapeTruncated(o.region, 40)} (${o.ok ? o.total : 'failed'})`).join(', ');
      blocks.push({
        type: 'section',
        text: mrkdwn(truncate(`*${plural(rest.length, 'more region')}:* ${names}`, SECTION_TEXT_MAX)),
      });
    }
  }
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        'Use `/mirrors account:NAME REGION …` in any channel, or mention the bot in a thread. `/mirrors help` shows every filter.',
      ),
    ],
  });
  return { type: 'home', blocks: blocks.slice(0, HOME_BLOCKS_MAX) };
}

/**
 * What Home shows while a region is being scanned for the first time (a big account takes a few seconds): the
 * tab is never blank, and says what it is waiting for.
 */
export function homeLoadingView(regions: readonly string[]): HomeSurface {
  const names =
    regions
      .slice(0, 20)
      .map((r) => code(r, 60))
      .join(', ') + (regions.length > 20 ? ` +${regions.length - 20} more` : '');
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: plain('Traffic mirror sessions') },
      { type: 'section', text: mrkdwn(truncate(`:hourglass_flowing_sand: Scanning ${names}…`, SECTION_TEXT_MAX)) },
    ],
  };
}
