import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { CallbackId } from '../../src/views/action-ids';
import {
  builderChannelFailedMessage,
  builderChannelRefusedMessage,
  cannotShareMessage,
  shareFailedMessage,
} from '../../src/views/errors';
import { MODAL_TITLE_MAX } from '../../src/views/limits';
import {
  ALL_REGIONS_VALUE,
  BuilderBlock,
  type BuilderViewInput,
  builderChannelErrorText,
  builderPlaceholderMessage,
  builderResultMessage,
  queryBuilderModal,
} from '../../src/views/query-builder';
import { sessionListMessage } from '../../src/views/session-list';
import { sharedPageMessage } from '../../src/views/share';
import { userMention, withLeadContext } from '../../src/views/surface';
import { validateMessage, validateView } from '../../src/views/validate';
import { allText, NOW, page, query, session } from './fixtures';

const INPUT: BuilderViewInput = { regions: ['cn-hongkong', 'cn-shanghai'] };

describe('queryBuilderModal', () => {
  it('is a valid modal with an input per filter and the destination', () => {
    const view = queryBuilderModal(INPUT);
    expect(view.callback_id).toBe(CallbackId.QueryBuilderModal);
    expect(validateView(view)).toEqual([]);
    for (const text of [view.title.text, view.submit?.text ?? '', view.close?.text ?? '']) {
      expect(text.length).toBeGreaterThan(0);
      expect(text.length).toBeLessThanOrEqual(MODAL_TITLE_MAX);
    }
    const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
    // One account: no account picker.
    expect(ids).toEqual(Object.values(BuilderBlock).filter((id) => id !== BuilderBlock.account));
    expect(JSON.stringify(view)).toContain('Where should the result go?');
  });

  it('asks which account, default first, when the bot has several', () => {
    const view = queryBuilderModal({ ...INPUT, accounts: ['prod', 'finance'] });
    expect(validateView(view)).toEqual([]);
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(Object.values(BuilderBlock));
    const picker = view.blocks.find((b) => b.block_id === BuilderBlock.account);
    expect(picker).toMatchObject({ element: { initial_option: { value: 'prod' } } });
  });

  it('offers the default region first, then the configured ones, then All regions', () => {
    const view = queryBuilderModal({ regions: ['cn-hongkong', 'cn-shanghai'], defaultRegion: 'cn-shanghai' });
    const region = view.blocks.find((b) => b.block_id === BuilderBlock.region);
    const element = region?.type === 'input' ? region.element : undefined;
    expect(element?.type).toBe('static_select');
    if (element?.type !== 'static_select') return;
    expect(element.options?.map((o) => o.value)).toEqual(['cn-shanghai', 'cn-hongkong', ALL_REGIONS_VALUE]);
    expect(element.initial_option?.value).toBe('cn-shanghai');
  });

  it('stays within 100 options with very many regions', () => {
    const regions = Array.from({ length: 150 }, (_, i) => `cn-region-${i}`);
    const view = queryBuilderModal({ regions });
    expect(validateView(view)).toEqual([]);
  });

  it('makes DM the default destination from Home, and offers only channels the bot could post in', () => {
    for (const input of [INPUT, { ...INPUT, openedFrom: { kind: 'home' as const } }]) {
      const text = JSON.stringify(queryBuilderModal(input));
      expect(text).toContain(
        '"initial_option":{"text":{"type":"plain_text","text":"A DM from mirrors","emoji":true},"value":"dm"}',
      );
      expect(text).toContain('"include":["public","private"]');
      expect(text).not.toContain('initial_conversation');
    }
  });

  it('sends the result where it was opened: a channel by default, that channel picked when the payload names it', () => {
    const channelDefault =
      '"initial_option":{"text":{"type":"plain_text","text":"A channel (pick it below)","emoji":true},"value":"channel"}';
    const global = queryBuilderModal({ ...INPUT, openedFrom: { kind: 'conversation' } });
    expect(validateView(global)).toEqual([]);
    expect(JSON.stringify(global)).toContain(channelDefault);
    expect(JSON.stringify(global)).toContain('"default_to_current_conversation":true');
    const fromMessage = queryBuilderModal({ ...INPUT, openedFrom: { kind: 'conversation', channel: 'C0INCIDENTS' } });
    expect(validateView(fromMessage)).toEqual([]);
    expect(JSON.stringify(fromMessage)).toContain(channelDefault);
    expect(JSON.stringify(fromMessage)).toContain('"initial_conversation":"C0INCIDENTS"');
  });

  it("says a channel problem in the form's words, and the placeholder names the command and who asked", () => {
    expect(builderChannelErrorText('not_in_channel')).toBe(
      'Invite @mirrors to this channel first (type /invite @mirrors there), or pick another channel.',
    );
    expect(builderChannelErrorText('channel_not_found')).toMatch(/private, invite @mirrors first/);
    const placeholder = builderPlaceholderMessage('cn-hongkong tag:FinanceDept', 'U0ONCALL');
    expect(validateMessage(placeholder.blocks, 'message')).toEqual([]);
    expect(allText(placeholder.blocks)).toContain('Looking up `/mirrors cn-hongkong tag:FinanceDept` for <@U0ONCALL>…');
  });
});

describe('lead lines: builder results and shared lists', () => {
  const list = sessionListMessage({
    query: query({ tags: [{ key: 'FinanceDept' }] }),
    region: 'cn-hongkong',
    page: page([session(), session({}, 1)]),
    pageNumber: 1,
    firstIndex: 0,
    buttons: { next: 'n' },
    now: NOW,
  });

  it('a builder result starts with the command that does the same, and who asked in a channel', () => {
    const dm = builderResultMessage(list, 'cn-hongkong tag:FinanceDept');
    expect(dm.blocks[0]?.type).toBe('context');
    expect(allText(dm.blocks[0])).toContain('same as `/mirrors cn-hongkong tag:FinanceDept`');
    expect(allText(dm.blocks[0])).not.toContain('<@');
    const channel = builderResultMessage(list, 'cn-hongkong', { userId: 'U0ONCALL' });
    expect(allText(channel.blocks[0])).toContain('From the query builder by <@U0ONCALL>');
    expect(validateMessage(channel.blocks, 'message')).toEqual([]);
  });

  it('a shared list starts with who shared it', () => {
    const shared = sharedPageMessage(list, 'U0ONCALL');
    expect(allText(shared.blocks[0])).toContain('Shared by <@U0ONCALL>');
    expect(shared.blocks.slice(1)).toEqual(list.blocks);
    expect(shared.text).toContain('Shared by <@U0ONCALL>');
    expect(validateMessage(shared.blocks, 'message')).toEqual([]);
  });

  it('never renders something that is not a user id as a mention', () => {
    expect(userMention('U0ONCALL')).toBe('<@U0ONCALL>');
    expect(userMention('<!channel>')).toBe('someone');
  });

  it('joins the first context block instead of going past 50 blocks', () => {
    const full: KnownBlock[] = [
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'summary' }] },
      ...Array.from({ length: 49 }, (): KnownBlock => ({ type: 'divider' })),
    ];
    const led = withLeadContext({ text: 't', blocks: full }, 'lead');
    expect(led.blocks).toHaveLength(50);
    expect(allText(led.blocks[0])).toContain('lead');
    expect(validateMessage(led.blocks, 'message')).toEqual([]);
  });
});

describe('posting refusals', () => {
  it('explain how to add the bot, within limits', () => {
    const notIn = cannotShareMessage('not_in_channel');
    expect(allText(notIn.blocks)).toContain('Invite it with `/invite @mirrors` or mention it, then share again.');
    const notFound = cannotShareMessage('channel_not_found');
    expect(allText(notFound.blocks)).toMatch(/private channel/);
    const refused = builderChannelRefusedMessage('not_in_channel', 'C0PICKED');
    expect(allText(refused.blocks)).toContain('<#C0PICKED>');
    expect(allText(builderChannelRefusedMessage('channel_not_found', '<!here>').blocks)).not.toContain('<!here>');
    for (const message of [
      notIn,
      notFound,
      refused,
      shareFailedMessage('abcd1234'),
      builderChannelFailedMessage('C1', 'abcd1234'),
    ]) {
      expect(validateMessage(message.blocks, 'message')).toEqual([]);
      expect(message.text.length).toBeGreaterThan(0);
    }
  });
});
