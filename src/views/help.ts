/** `/mirrors help`: the grammar, every key and its rule, with examples. */
import type { KnownBlock } from '@slack/types';
import { FILTER_FIELDS, FILTERS, HOST_TERMS } from '../query/filters';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../query/types';
import { code, DEFAULT_COMMAND, mrkdwn, plain } from './format';
import { HEADER_TEXT_MAX } from './limits';
import type { SlackMessage } from './surface';
import { escapeTruncated } from './text';

export interface HelpKey {
  /** The key with its colon, as typed: `tag:`. */
  key: string;
  /** How it is written. */
  syntax: string;
  /** What it does and its rule (mrkdwn). */
  rule: string;
}

/** Every key of the command grammar (DESIGN.md), in the order help lists them: the filters, then `limit:`. */
export const HELP_KEYS: readonly HelpKey[] = [
  ...FILTER_FIELDS.flatMap((field) =>
    FILTERS[field].help.map((line) => ({ key: `${FILTERS[field].key}:`, syntax: line.syntax, rule: line.text })),
  ),
  ...HOST_TERMS.ip.help.map((line) => ({ key: `${HOST_TERMS.ip.key}:`, syntax: line.syntax, rule: line.text })),
  {
    key: 'limit:',
    syntax: 'limit:N',
    rule: `sessions per page, an integer from 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT})`,
  },
  {
    key: 'view:',
    syntax: 'view:cards',
    rule: 'every field of each session on the page, instead of one line each with a *Details* button',
  },
  {
    key: 'account:',
    syntax: 'account:NAME',
    rule: 'which cloud account to ask, when the bot has several (its config file names them); `all` then means every region of that account',
  },
];

export interface HelpOptions {
  defaultRegion?: string;
  regions: string[];
  commandName?: string;
}

function regionList(regions: readonly string[]): string {
  const shown = regions.slice(0, 30).map((r) => code(r, 60));
  return shown.join(', ') + (regions.length > shown.length ? ` +${regions.length - shown.length} more` : '');
}

export function helpMessage(opts: HelpOptions): SlackMessage {
  const cmd = escapeTruncated(opts.commandName ?? DEFAULT_COMMAND, 32);
  const raw = opts.commandName ?? DEFAULT_COMMAND;
  const blocks: KnownBlock[] = [];
  blocks.push({ type: 'header', text: plain(escapeTruncated(`How to use ${raw}`, HEADER_TEXT_MAX)) });
  blocks.push({
    type: 'section',
    text: mrkdwn(
      `Lists Alibaba Cloud traffic mirror sessions (read-only).\n` +
        `\`${cmd} [REGION | all] [TERM …]\`  ·  \`${cmd} help\`\n` +
        `Keys are case-insensitive, terms may come in any order, and a value may be quoted to hold spaces: ` +
        '`name:"db mirror"`.',
    ),
  });
  blocks.push({
    type: 'section',
    text: mrkdwn(
      [
        '*Examples*',
        `• \`${cmd} cn-hongkong tag:FinanceDept\` — sessions tagged FinanceDept in Hong Kong`,
        `• \`${cmd} cn-hongkong enabled:false limit:50\` — disabled sessions, 50 per page`,
        `• \`${cmd} tms-j6cla50buc44ap8tu****\` — one session by id`,
        `• \`${cmd} eni-j6c8znm5l1yt4sox****\` — every session that mirrors from or to this ENI`,
        `• \`${cmd} cn-hongkong 10.20.1.15\` — the same for the ENIs holding this IP (or \`i-…\` for an instance's ENIs)`,
        `• \`${cmd} all name:"db mirror"\` — a session name in every configured region`,
        `• \`${cmd} cn-hongkong view:cards\` — every field of each session, instead of one row each`,
      ].join('\n'),
    ),
  });
  blocks.push({
    type: 'section',
    text: mrkdwn(['*Filters*', ...HELP_KEYS.map((k) => `• \`${k.syntax}\` — ${k.rule}`)].join('\n')),
  });
  blocks.push({
    type: 'section',
    text: mrkdwn(
      [
        '*Shortcuts* (a bare id is enough)',
        '• `tms-…` same as `id:` · `tmf-…` same as `filter:` · `rg-…` same as `rg:` · `lb-…` same as `target:`',
        '• `eni-…` every session that mirrors *from or to* that ENI (on-call lookup)',
        `• \`10.0.1.5\` same as \`ip:\` · ${HOST_TERMS.instance.help.map((l) => `\`${l.syntax}\` ${l.text}`).join('')}`,
      ].join('\n'),
    ),
  });
  const regionLines = [
    '*Regions*',
    '• The region is the first term that looks like a region id: `cn-hongkong`, `ap-southeast-1`, `cn-shanghai-finance-1`.',
    opts.defaultRegion
      ? `• Without one, ${code(opts.defaultRegion, 60)} is used.`
      : '• Without one there is no default region, so name one; a bare `tms-…`, `eni-…`, IP or `i-…` needs none: it is looked up in every configured region.',
  ];
  if (opts.regions.length > 0)
    regionLines.push(`• \`all\` means every configured region: ${regionList(opts.regions)}.`);
  else regionLines.push('• `all` means every configured region (none are configured).');
  blocks.push({ type: 'section', text: mrkdwn(regionLines.join('\n')) });
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        `Replies to \`${cmd}\` are visible only to you. In a thread, mention the bot instead (\`@mirrors cn-hongkong …\`): ` +
          'slash commands cannot run in threads.',
      ),
    ],
  });
  return {
    text: `How to use ${escapeTruncated(raw, 32)}: ${escapeTruncated(raw, 32)} [REGION | all] [TERM …], e.g. ${escapeTruncated(raw, 32)} cn-hongkong tag:FinanceDept`,
    blocks,
  };
}

/**
 * A bare `@mirrors`: a few lines, whispered to the person who asked, instead of the full help posted for everyone in
 * an incident thread. `/mirrors help` (and `@mirrors help`) still give every filter.
 */
export function shortHelpMessage(opts: HelpOptions): SlackMessage {
  const cmd = escapeTruncated(opts.commandName ?? DEFAULT_COMMAND, 32);
  const region = opts.defaultRegion ?? opts.regions[0] ?? 'cn-hongkong';
  const lines = [
    `Mention me with a question and I answer in this thread, for everyone:`,
    `• \`@mirrors ${escapeTruncated(region, 60)}\` every session in a region · \`@mirrors all\` every region`,
    '• `@mirrors eni-…` what mirrors from or to an ENI · `@mirrors tms-…` one session',
    `• add filters such as \`tag:FinanceDept\` or \`enabled:false\`; \`${cmd} help\` lists them all`,
  ];
  return {
    text: `Mention me with a question, e.g. @mirrors ${escapeTruncated(region, 60)}; ${escapeTruncated(opts.commandName ?? DEFAULT_COMMAND, 32)} help lists every filter`,
    blocks: [{ type: 'section', text: mrkdwn(lines.join('\n')) }],
  };
}
