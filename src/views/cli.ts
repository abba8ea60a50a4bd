/**
 * "Copy as CLI": the `aliyun` command for a result, for runbooks and handover. Short commands ride along in the
 * list as small print; long ones (100 ids, 20 tags) sit behind a button whose answer shows them in code blocks.
 */
import type { Button, ContextBlock, KnownBlock } from '@slack/types';
import { cliLine } from '../query/describe';
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
 * The commands of a result. Each command is one line; `loopRegions` runs them once per region (`all`), with the
 * region as `"$r"`.
 */
export interface CliScript {
  commands: readonly string[];
  loopRegions?: readonly string[];
}

/** What a list shows: the script inline when it fits, or a button (signed value) that shows it. */
export interface CliInput {
  script: CliScript;
  buttonValue?: string;
}

const REGION_PLACEHOLDER = '__MIRRORS_REGION__';
const REGION_VARIABLE = '"$r"';

/** One region: one command, or two for an ENI lookup (as source, as target). */
export function cliScript(query: MirrorQuery, region: string): CliScript {
  return { commands: cliLine(query, region).split('\n') };
}

/** `all`: the same commands in a loop over the regions, rather than a copy per region. */
export function allRegionsCliScript(query: MirrorQuery, regions: readonly string[]): CliScript {
  // RegionId is the first flag cliLine writes, so the first occurrence is it, whatever a tag value holds.
  const commands = cliLine(query, REGION_PLACEHOLDER)
    .split('\n')
    .map((line) => line.replace(REGION_PLACEHOLDER, REGION_VARIABLE));
  return { commands, loopRegions: regions };
}

/** The script as one-liners, raw (not escaped). */
function oneLiners(script: CliScript): string[] {
  if (!script.loopRegions) return [...script.commands];
  return [`for r in ${script.loopRegions.join(' ')}; do ${script.commands.join('; ')}; done`];
}

export function cliFitsInline(script: CliScript): boolean {
  return oneLiners(script).reduce((sum, line) => sum + escapeMrkdwn(line).length, 0) <= CLI_INLINE_MAX;
}

/** Small print for a list: the command(s) in code spans. Undefined when they are too long to sit there. */
export function cliContextBlock(script: CliScript): ContextBlock | undefined {
  if (!cliFitsInline(script)) return undefined;
  const lines = oneLiners(script);
  return {
    type: 'context',
    elements: lines.map((line, i) =>
      mrkdwn(`${i === 0 ? 'Same request with the aliyun CLI: ' : ''}${code(line, CLI_INLINE_MAX + 10)}`),
    ),
  };
}

export function cliButton(value: string): Button {
  return button('Copy as CLI', ActionId.ShowCli, value);
}

/**
 * The words of a command as the shell splits them. cliLine quotes with single quotes only ('\'' for a quote),
 * so a space outside quotes and not after a backslash ends a word.
 */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let quoted = false;
  for (let i = 0; i < command.length; i += 1) {
    const c = command.charAt(i);
    if (quoted) {
      if (c === "'") quoted = false;
      word += c;
    } else if (c === "'") {
      quoted = true;
      word += c;
    } else if (c === '\\' && i + 1 < command.length) {
      word += c + command.charAt(i + 1);
      i += 1;
    } else if (c === ' ') {
      if (word) words.push(word);
      word = '';
    } else {
      word += c;
    }
  }
  if (word) words.push(word);
  return words;
}

/** One flag (with its value) a line, joined by backslash-newlines: the same argv, readable in a runbook. */
function multiLineCommand(words: readonly string[], indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (word.startsWith('--') && line) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l, i) => `${indent}${i === 0 ? '' : '  '}${l}${i < lines.length - 1 ? ' \\' : ''}`);
}

const SIDE_FLAGS = ['--TrafficMirrorSourceId', '--TrafficMirrorTargetId'] as const;

/**
 * An ENI lookup's two commands differ in one flag only; written as one command in a loop over that flag, the
 * longest scripts (100 ids, 20 tags) take half the room.
 */
function foldSides(commands: readonly string[]): string[] | undefined {
  if (commands.length !== 2) return undefined;
  const [a, b] = commands.map(shellWords);
  if (!a || !b || a.length !== b.length) return undefined;
  const differ = a.flatMap((word, i) => (word === b[i] ? [] : [i]));
  const at = differ[0];
  if (differ.length !== 1 || at === undefined || a[at] !== SIDE_FLAGS[0] || b[at] !== SIDE_FLAGS[1]) return undefined;
  return a.map((word, i) => (i === at ? '--"$side"' : word));
}

/** The whole script, one flag a line. */
export function multiLineScript(script: CliScript): string[] {
  const folded = foldSides(script.commands);
  const body = (indent: string): string[] =>
    folded
      ? [
          `${indent}for side in ${SIDE_FLAGS.map((f) => f.slice(2)).join(' ')}; do`,
          ...multiLineCommand(folded, `${indent}  `),
          `${indent}done`,
        ]
      : script.commands.flatMap((command, i) => [
          ...(i > 0 ? [''] : []),
          ...multiLineCommand(shellWords(command), indent),
        ]);
  if (!script.loopRegions) return body('');
  return [`for r in ${script.loopRegions.join(' ')}; do`, ...body('  '), 'done'];
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
    // Escaped, a line is at most a few hundred characters (a 128-character tag value of `&`s is 640).
    const line = escapeMrkdwn(raw).slice(0, SECTION_TEXT_MAX - overhead);
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
    `The same request with the ${code('aliyun', 20)} CLI (read-only; it pages with ${code('--NextToken', 20)}).` +
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
