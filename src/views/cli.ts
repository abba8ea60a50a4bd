/**
 * "Copy as CLI": the `aliyun` command for a result, for runbooks and handover. Short commands ride along in the
 * list as small print; long ones (100 ids, 20 tags) sit behind a button whose answer shows them in code blocks.
 */
import type { Button, ContextBlock, KnownBlock } from '@slack/types';
import { type CliCommand, cliCommands, cliRegionWords, shellQuote } from '../query/describe';
import type { MirrorQuery } from '../query/types';
import { ActionId } from './action-ids';
import { button, code, mrkdwn } from './format';
import { MESSAGE_BLOCKS_MAX, MESSAGE_TEXT_BUDGET, SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './surface';
import { escapeMrkdwn } from './text';

/** Escaped characters of command text that still sit comfortably in a list's small print. */
export const CLI_INLINE_MAX = 600;
/** A button's response_url takes five answers; the command never needs more than this many messages. */
export const CLI_MESSAGES_MAX = 5;

/**
 * The commands of a result, as unquoted words. `loopRegions` runs them once per region (`all`), with the region as
 * `"$r"`.
 */
export interface CliScript {
  commands: readonly CliCommand[];
  loopRegions?: readonly string[];
  /**
   * The account the result was read from, when the bot has several. The line cannot name the reader's own CLI
   * profile (we don't know it), so it says which account, and role, it was for: run without a profile for that
   * account, it would silently ask whatever account the default profile is.
   */
  account?: CliAccount;
}

export interface CliAccount {
  name: string;
  /** The RAM role the bot assumes for it; absent when the bot reads it with its own credentials. */
  roleArn?: string;
}

/** What a list shows: the script inline when it fits, or a button (signed value) that shows it. */
export interface CliInput {
  script: CliScript;
  buttonValue?: string;
}

const REGION_PLACEHOLDER = '__MIRRORS_REGION__';
const REGION_VARIABLE = '"$r"';
/** The words that carry the region: in a loop they become `"$r"`. Matched whole, so no value can be taken for one. */
const REGION_WORDS = new Set(cliRegionWords(REGION_PLACEHOLDER).filter((w) => w.endsWith(REGION_PLACEHOLDER)));

/** One region: one command, two for an ENI lookup (as source, as target), three for a host. */
export function cliScript(query: MirrorQuery, region: string, account?: CliAccount): CliScript {
  return { commands: cliCommands(query, region), ...(account ? { account } : {}) };
}

/** `all`: the same commands in a loop over the regions, rather than a copy per region. */
export function allRegionsCliScript(query: MirrorQuery, regions: readonly string[], account?: CliAccount): CliScript {
  return { commands: cliCommands(query, REGION_PLACEHOLDER), loopRegions: regions, ...(account ? { account } : {}) };
}

/** Names and ARNs are checked by the config file's rules; anything else is left out rather than shown garbled. */
function safeAccount(account: CliAccount | undefined): CliAccount | undefined {
  if (!account || !/^[a-z0-9-]{1,32}$/.test(account.name)) return undefined;
  const role =
    account.roleArn !== undefined && /^[\w:/.@-]{1,200}$/.test(account.roleArn) ? account.roleArn : undefined;
  return { name: account.name, ...(role !== undefined ? { roleArn: role } : {}) };
}

/**
 * The words on the account, in mrkdwn, or '' with one account. No code spans in the small print: the command is
 * its one span, so what a person copies from it is the command alone.
 */
function accountWords(account: CliAccount | undefined, spans: boolean): string {
  const safe = safeAccount(account);
  if (!safe) return '';
  const shown = (text: string, max: number) => (spans ? code(text, max) : `*${escapeMrkdwn(text)}*`);
  const role = safe.roleArn !== undefined ? `, role ${shown(safe.roleArn, 200)}` : '';
  return ` for account ${shown(safe.name, 40)}${role} (add ${spans ? code('--profile', 20) : '--profile'} with your profile for it)`;
}

/** A shell comment leading the script in a runbook, so the account travels with the command. */
function accountComment(account: CliAccount | undefined): string[] {
  const safe = safeAccount(account);
  if (!safe) return [];
  const role = safe.roleArn !== undefined ? ` (role ${safe.roleArn})` : '';
  return [`# Account ${safe.name}${role}: run with your aliyun profile for it (--profile NAME)`];
}

/** A word as shell text; in a loop the region words name the loop's variable. */
function shellWord(word: string, script: CliScript): string {
  if (script.loopRegions && REGION_WORDS.has(word)) return word.slice(0, -REGION_PLACEHOLDER.length) + REGION_VARIABLE;
  return shellQuote(word);
}

function commandText(words: CliCommand, script: CliScript): string {
  return words.map((w) => shellWord(w, script)).join(' ');
}

/**
 * Why the script can't be copied from Slack as it is, or undefined. A line break or tab inside a value would have to
 * span lines (or be changed by the client), and three backticks end a code block early: either way the pasted
 * command would ask for something else, so it is not offered at all.
 */
function cliUnwritable(script: CliScript): string | undefined {
  const words = script.commands.flat();
  if (words.some((w) => /[\p{Cc}\u2028\u2029]/u.test(w)))
    return 'a value in this query holds a line break, tab or other control character';
  if (words.some((w) => /[\ud800-\udfff]/u.test(w))) return 'a value in this query holds a broken character';
  if (words.some((w) => w.includes('```'))) return 'a value in this query holds three backticks in a row';
  // Browsers copy a no-break space as a plain one.
  if (words.some((w) => w.includes('\u00a0'))) return 'a value in this query holds a no-break space';
  return undefined;
}

/** The script as one-liners, raw (not escaped). */
function oneLiners(script: CliScript): string[] {
  const commands = script.commands.map((c) => commandText(c, script));
  if (!script.loopRegions) return commands;
  return [`for r in ${script.loopRegions.join(' ')}; do ${commands.join('; ')}; done`];
}

/**
 * A code span shows a line faithfully only if it has no backtick (it would end the span) and no whitespace but
 * single spaces (a span is not preformatted, so runs collapse when shown and copied).
 */
function spanSafe(line: string): boolean {
  return !/[`]|\s\s|[^\S ]/.test(line);
}

function fitsInline(script: CliScript): boolean {
  const lines = oneLiners(script);
  return lines.every(spanSafe) && lines.reduce((sum, line) => sum + escapeMrkdwn(line).length, 0) <= CLI_INLINE_MAX;
}

/** Whether the list needs a "Copy as CLI" button: the script is faithful but too long or too odd for small print. */
export function cliNeedsButton(script: CliScript): boolean {
  return cliUnwritable(script) === undefined && !fitsInline(script);
}

function cliRefusal(reason: string): SlackMessage {
  const text = unwritableText(reason);
  return { text, blocks: [{ type: 'section', text: mrkdwn(escapeMrkdwn(text)) }] };
}

function unwritableText(reason: string): string {
  return `No aliyun CLI line for this query: ${reason}, which can't be copied from Slack as it is. The bot's answer is for exactly what you asked.`;
}

/**
 * Small print for a list: the command(s) in code spans, or why there is no command. Undefined when the command is
 * too long to sit there (the list then has the button).
 */
export function cliContextBlock(script: CliScript): ContextBlock | undefined {
  const unwritable = cliUnwritable(script);
  if (unwritable !== undefined)
    return { type: 'context', elements: [mrkdwn(escapeMrkdwn(unwritableText(unwritable)))] };
  if (!fitsInline(script)) return undefined;
  const lines = oneLiners(script);
  return {
    type: 'context',
    elements: lines.map((line, i) =>
      // Checked by spanSafe and the length above, so the span holds the line exactly.
      mrkdwn(
        `${i === 0 ? `Same request with the aliyun CLI${accountWords(script.account, false)}: ` : ''}\`${escapeMrkdwn(line)}\``,
      ),
    ),
  };
}

export function cliButton(value: string): Button {
  return button('Copy as CLI', ActionId.ShowCli, value);
}

/** One flag (with its value) a line, joined by backslash-newlines: the same argv, readable in a runbook. */
function multiLineCommand(words: readonly string[], texts: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  words.forEach((word, i) => {
    const text = texts[i] ?? '';
    if (word.startsWith('--') && line) {
      lines.push(line);
      line = text;
    } else {
      line = line ? `${line} ${text}` : text;
    }
  });
  if (line) lines.push(line);
  return lines.map((l, i) => `${indent}${i === 0 ? '' : '  '}${l}${i < lines.length - 1 ? ' \\' : ''}`);
}

const SIDE_FLAGS = ['--TrafficMirrorSourceId', '--TrafficMirrorTargetId'] as const;

/**
 * An ENI lookup's two commands differ in one flag only; written as one command in a loop over that flag, the
 * longest scripts (100 ids, 20 tags) take half the room. The folded word's text, or undefined.
 */
function foldSides(script: CliScript): { words: CliCommand; texts: string[] } | undefined {
  const [a, b] = script.commands;
  if (script.commands.length !== 2 || !a || !b || a.length !== b.length) return undefined;
  const differ = a.flatMap((word, i) => (word === b[i] ? [] : [i]));
  const at = differ[0];
  if (differ.length !== 1 || at === undefined) return undefined;
  const [source, target] = SIDE_FLAGS.map((f) => `${f}=`);
  const wa = a[at] ?? '';
  const wb = b[at] ?? '';
  if (!source || !target || !wa.startsWith(source) || wb !== target + wa.slice(source.length)) return undefined;
  const texts = a.map((w, i) => (i === at ? `--"$side"=${shellQuote(wa.slice(source.length))}` : shellWord(w, script)));
  return { words: a, texts };
}

/** The whole script, one flag a line. */
export function multiLineScript(script: CliScript): string[] {
  const folded = foldSides(script);
  const body = (indent: string): string[] =>
    folded
      ? [
          `${indent}for side in ${SIDE_FLAGS.map((f) => f.slice(2)).join(' ')}; do`,
          ...multiLineCommand(folded.words, folded.texts, `${indent}  `),
          `${indent}done`,
        ]
      : script.commands.flatMap((words, i) => [
          ...(i > 0 ? [''] : []),
          ...multiLineCommand(
            words,
            words.map((w) => shellWord(w, script)),
            indent,
          ),
        ]);
  const comment = accountComment(script.account);
  if (!script.loopRegions) return [...comment, ...body('')];
  return [...comment, `for r in ${script.loopRegions.join(' ')}; do`, ...body('  '), 'done'];
}

const FENCE = '```';
/** Room kept in the first message for the introduction. */
const INTRO_ROOM = 200;

/**
 * The answer to "Copy as CLI": the script in code blocks, each within a section's 3000 characters, packed into as
 * few messages as Slack's limits allow (at most CLI_MESSAGES_MAX). A block ends on a continuation line, so pasting
 * the blocks in order gives the whole command.
 */
export function cliMessages(script: CliScript): SlackMessage[] {
  const unwritable = cliUnwritable(script);
  if (unwritable !== undefined) return [cliRefusal(unwritable)];
  const fenced = (lines: readonly string[]) => `${FENCE}\n${lines.join('\n')}\n${FENCE}`;
  const overhead = 2 * FENCE.length + 2;
  // Sections are cut to fill each message, not just each section: the last section of a message takes what is left.
  const groups: string[][] = [[]];
  let messageSize = 0;
  let section: string[] = [];
  let sectionSize = overhead;
  const closeSection = (): void => {
    if (section.length === 0) return;
    groups[groups.length - 1]?.push(fenced(section));
    messageSize += sectionSize;
    section = [];
    sectionSize = overhead;
  };
  for (const raw of multiLineScript(script)) {
    // Escaped, a line is at most a few hundred characters (a 128-character tag value of `&`s is 640); cutting one
    // would change the command, so a longer one (which the grammar never makes) is refused whole.
    const line = escapeMrkdwn(raw);
    if (line.length > SECTION_TEXT_MAX - overhead)
      return [cliRefusal('one of its values is too long for a code block')];
    const grown = sectionSize + (section.length > 0 ? 1 : 0) + line.length;
    if (section.length > 0 && (grown > SECTION_TEXT_MAX || messageSize + grown > MESSAGE_TEXT_BUDGET - INTRO_ROOM)) {
      const messageFull = messageSize + grown > MESSAGE_TEXT_BUDGET - INTRO_ROOM;
      closeSection();
      const current = groups[groups.length - 1] ?? [];
      if (messageFull || current.length >= MESSAGE_BLOCKS_MAX - 1) {
        groups.push([]);
        messageSize = 0;
      }
    }
    sectionSize += (section.length > 0 ? 1 : 0) + line.length;
    section.push(line);
  }
  closeSection();

  const pieces = groups.reduce((sum, g) => sum + g.length, 0);
  const intro =
    `The same request with the ${code('aliyun', 20)} CLI${accountWords(script.account, true)} ` +
    `(read-only; ${code('--pager', 20)} fetches every page).` +
    (pieces > 1 ? ` It is long: paste the ${pieces} blocks in order.` : '');
  const messages: KnownBlock[][] = groups.map((texts, i) => [
    ...(i === 0 ? [{ type: 'section' as const, text: mrkdwn(intro) }] : []),
    ...texts.map((text): KnownBlock => ({ type: 'section', text: mrkdwn(text) })),
  ]);
  const shown = messages.slice(0, CLI_MESSAGES_MAX);
  if (messages.length > CLI_MESSAGES_MAX) {
    shown[shown.length - 1] = [
      {
        type: 'section',
        text: mrkdwn(
          ':scissors: The rest of the command is too long for Slack. Narrow the query (fewer ids or tags) to see it whole.',
        ),
      },
    ];
  }
  return shown.map((blocks, i) => ({
    text: shown.length > 1 ? `aliyun CLI command (part ${i + 1} of ${shown.length})` : 'aliyun CLI command',
    blocks,
  }));
}
