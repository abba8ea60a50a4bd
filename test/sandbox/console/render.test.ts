/**
 * The console's renderer (src/sandbox/console/web/render.ts): mrkdwn, escaping, date tokens, emoji and Block Kit
 * layout. It touches no DOM, so it runs here as it runs in the page.
 */
import type { AnyBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import * as R from '../../../src/sandbox/console/web/render';

const HK = { timeZone: 'Asia/Hong_Kong', now: Date.UTC(2024, 10, 26, 12) };

describe('mrkdwn', () => {
  it('formats bold, italic, strike, code and pre', () => {
    expect(R.mrkdwn('*bold* _it_ ~gone~ `x < y`')).toBe(
      '<b>bold</b> <i>it</i> <s>gone</s> <code class="sk-code">x &lt; y</code>',
    );
    expect(R.mrkdwn('```\nline *1*\nline 2```')).toBe('<pre class="sk-pre" data-testid="pre">line *1*\nline 2</pre>');
    expect(R.mrkdwn('a*b*c snake_case_name')).toBe('a*b*c snake_case_name');
  });

  it('decodes &amp; &lt; &gt; exactly once and never lets HTML through', () => {
    expect(R.mrkdwn('web &amp; &lt;edge&gt;')).toBe('web &amp; &lt;edge&gt;');
    expect(R.mrkdwn('&amp;lt;b&amp;gt;')).toBe('&amp;lt;b&amp;gt;');
    expect(R.mrkdwn('&lt;img src=x onerror=alert(1)&gt;')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(R.mrkdwn('"quoted" \'single\'')).toBe('&quot;quoted&quot; &#39;single&#39;');
    expect(R.mrkdwn('<javascript:alert(1)|click>')).toBe('click');
    expect(R.mrkdwn('<https://x.test/?a=1&amp;b="2"|l<i>nk>')).not.toContain('<i>');
  });

  it('renders links, mentions and specials', () => {
    expect(R.mrkdwn('<https://example.com/a_b_c|the *docs*>')).toBe(
      '<a class="sk-link" href="https://example.com/a_b_c" target="_blank" rel="noopener noreferrer">the *docs*</a>',
    );
    expect(R.mrkdwn('<https://example.com>')).toContain('>https://example.com</a>');
    expect(R.mrkdwn('hi <@U1>', { users: { U1: { name: 'alex' } } })).toBe(
      'hi <span class="sk-mention" data-testid="mention">@alex</span>',
    );
    expect(R.mrkdwn('<!here>')).toContain('@here');
    expect(R.mrkdwn('see https://example.com/x_y_z.')).toContain('href="https://example.com/x_y_z"');
  });

  it('renders date tokens in the given time zone, with the fallback for bad ones', () => {
    const ts = 1732600800; // 2024-11-26 06:00:00 UTC = 14:00 in Hong Kong
    expect(R.mrkdwn(`<!date^${ts}^{date_short} at {time}|fallback>`, HK)).toContain('>Nov 26, 2024 at 2:00 PM</span>');
    expect(R.mrkdwn(`<!date^${ts}^{date_num} {time_secs}|fallback>`, { timeZone: 'UTC', now: HK.now })).toContain(
      '>2024-11-26 6:00:00 AM<',
    );
    expect(R.mrkdwn(`<!date^${ts}^{date_long_pretty}|x>`, HK)).toContain('>today<');
    expect(R.mrkdwn(`<!date^${ts}^{date}|x>`, HK)).toContain('>November 26th, 2024<');
    expect(R.mrkdwn(`<!date^${ts}^{ago}|x>`, HK)).toContain('>6 hours ago<');
    expect(R.mrkdwn('<!date^nope^{date}|the fallback>')).toBe('the fallback');
  });

  it('renders known emoji and leaves unknown shortcodes as text', () => {
    for (const name of [
      'lock',
      'large_green_circle',
      'white_circle',
      'warning',
      'hourglass_flowing_sand',
      'wastebasket',
      'red_circle',
      'mag',
      'arrows_counterclockwise',
    ]) {
      expect(R.mrkdwn(`:${name}:`)).toContain(`data-emoji="${name}"`);
    }
    expect(R.mrkdwn(':no_such_emoji:')).toBe(':no_such_emoji:');
    expect(R.mrkdwn('at 10:30:45')).toBe('at 10:30:45');
  });

  it('renders quotes and line breaks', () => {
    expect(R.mrkdwn('&gt; quoted\nplain')).toBe('<blockquote class="sk-quote">quoted</blockquote>plain');
    expect(R.mrkdwn('a\nb')).toBe('a<br>b');
  });

  it('keeps plain_text literal except emoji', () => {
    expect(R.plain('*not bold* &amp; <b> :lock:')).toMatch(
      /^\*not bold\* &amp;amp; &lt;b&gt; <span class="sk-emoji" data-emoji="lock"/,
    );
  });
});

describe('Block Kit', () => {
  it('lays out header, section text + fields + accessory, context, divider and actions', () => {
    const html = R.blocks([
      { type: 'header', block_id: 'h', text: { type: 'plain_text', text: 'Sessions' } },
      {
        type: 'section',
        block_id: 's',
        text: { type: 'mrkdwn', text: '*db*' },
        fields: [
          { type: 'mrkdwn', text: '*Source*\neni-1' },
          { type: 'plain_text', text: 'b' },
        ],
        accessory: {
          type: 'button',
          action_id: 'details',
          text: { type: 'plain_text', text: 'Details' },
          value: 'tms-1',
        },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'small' },
          { type: 'image', image_url: 'https://cdn.example/x.png', alt_text: 'x' },
        ],
      },
      { type: 'divider' },
      {
        type: 'actions',
        block_id: 'a',
        elements: [
          {
            type: 'button',
            action_id: 'next',
            style: 'primary',
            text: { type: 'plain_text', text: 'Next page' },
            value: 'p2',
          },
          {
            type: 'button',
            action_id: 'del',
            style: 'danger',
            text: { type: 'plain_text', text: 'Delete' },
            confirm: {
              title: { type: 'plain_text', text: 'Sure?' },
              text: { type: 'plain_text', text: 'Really' },
              confirm: { type: 'plain_text', text: 'Yes' },
              deny: { type: 'plain_text', text: 'No' },
            },
          },
        ],
      },
      { type: 'mystery' },
    ]);
    expect(html).toContain('<div class="sk-header" data-testid="header">Sessions</div>');
    expect(html).toContain(
      'data-testid="section-fields"><div class="sk-field" data-testid="section-field"><b>Source</b><br>eni-1</div>',
    );
    expect(html).toContain(
      'data-testid="section-accessory"><button type="button" class="sk-btn" data-testid="button-details" data-action-id="details" data-block-id="s" data-value="tms-1"',
    );
    expect(html).toContain('class="sk-context-img sk-img-placeholder"');
    expect(html).not.toContain('src="https://cdn.example');
    expect(html).toContain('class="sk-btn sk-btn-primary" data-testid="button-next"');
    expect(html).toContain('class="sk-btn sk-btn-danger" data-testid="button-del"');
    expect(html).toContain('data-confirm="{&quot;title&quot;');
    expect(html).toContain('data-testid="unsupported-block"');
  });

  it('renders rich_text and inputs', () => {
    const html = R.blocks([
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: '<b>', style: { bold: true } },
              { type: 'emoji', name: 'lock' },
            ],
          },
        ],
      },
      {
        type: 'input',
        block_id: 'q',
        label: { type: 'plain_text', text: 'Terms' },
        element: { type: 'plain_text_input', action_id: 'terms' },
      },
    ]);
    expect(html).toContain('<b>&lt;b&gt;</b>');
    expect(html).toContain('data-input-block="q" data-action-id="terms"');
  });
});

describe('modal inputs', () => {
  const option = (value: string, text = value) => ({ text: { type: 'plain_text', text }, value });
  const conversations: R.Conversation[] = [
    { id: 'C0INCIDENTS', name: 'incidents', type: 'public', withBot: false },
    { id: 'C0GENERAL1', name: 'general', type: 'public', withBot: false },
    { id: 'D0ANDBOX01', name: 'mirrors', type: 'im', withBot: true },
  ];
  const input = (blockId: string, element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: blockId },
    element: { action_id: 'v', ...element },
    ...extra,
  });
  const render = (blocks: AnyBlock[], options: R.RenderOptions = {}): string =>
    R.blocks(blocks, { conversations, ...options });

  it('radio_buttons and checkboxes: one input per option, the initial ones checked, descriptions shown', () => {
    const html = render([
      input('dest', {
        type: 'radio_buttons',
        options: [
          option('dm', 'A DM'),
          { ...option('channel', 'A channel'), description: { type: 'plain_text', text: 'pick below' } },
        ],
        initial_option: option('dm', 'A DM'),
      }),
      input('kinds', { type: 'checkboxes', options: [option('a'), option('b')], initial_options: [option('b')] }),
    ]);
    expect(html).toContain('data-input-block="dest" data-action-id="v" data-block-id="dest"');
    expect(html).toContain('data-kind="radio_buttons"');
    expect(html).toMatch(/type="radio" name="sk-radio_buttons-\d+" value="dm" checked>/);
    expect(html).toMatch(/type="radio" name="sk-radio_buttons-\d+" value="channel">/);
    expect(html).toContain('<span class="sk-choice-desc">pick below</span>');
    expect(html).toMatch(/type="checkbox" name="sk-checkboxes-\d+" value="a">/);
    expect(html).toMatch(/type="checkbox" name="sk-checkboxes-\d+" value="b" checked>/);
    expect(html).not.toContain('not rendered');
  });

  it('conversations_select: its filter decides what is offered; default_to_current_conversation picks the current one if offered', () => {
    const element = {
      type: 'conversations_select',
      default_to_current_conversation: true,
      filter: { include: ['public', 'private'], exclude_bot_users: true },
    };
    const fromChannel = render([input('ch', element)], { currentConversation: 'C0INCIDENTS' });
    expect(fromChannel).toContain('<option value="C0INCIDENTS" selected># incidents</option>');
    expect(fromChannel).toContain('<option value="C0GENERAL1"># general</option>');
    expect(fromChannel).not.toContain('D0ANDBOX01');
    const fromHome = render([input('ch', element)], { currentConversation: 'D0ANDBOX01' });
    expect(fromHome).toContain('<option value="" disabled selected>Select a conversation</option>');
    const unfiltered = render([input('ch', { type: 'conversations_select', default_to_current_conversation: true })], {
      currentConversation: 'D0ANDBOX01',
    });
    expect(unfiltered).toContain('<option value="D0ANDBOX01" selected>mirrors</option>');
    const initial = render([input('ch', { type: 'conversations_select', initial_conversation: 'C0GENERAL1' })], {
      currentConversation: 'C0INCIDENTS',
    });
    expect(initial).toContain('<option value="C0GENERAL1" selected>');
  });

  it('static_select with initial_option, number_input and plain_text_input with initial_value', () => {
    const html = render([
      input('r', {
        type: 'static_select',
        options: [option('cn-hongkong'), option('cn-shanghai')],
        initial_option: option('cn-shanghai'),
      }),
      input(
        'n',
        { type: 'number_input', is_decimal_allowed: false, placeholder: { type: 'plain_text', text: '10' } },
        { optional: true },
      ),
      input('t', { type: 'plain_text_input', initial_value: 'db <mirror>' }),
    ]);
    expect(html).toContain('<option value="cn-shanghai" selected>cn-shanghai</option>');
    expect(html).toContain('data-kind="number_input" inputmode="numeric" placeholder="10" value=""');
    expect(html).toContain('value="db &lt;mirror&gt;"');
    expect(html).toContain('<span class="sk-optional">(optional)</span>');
  });

  it('puts an error under its input, above the hint, and marks the input', () => {
    const html = render(
      [
        input(
          'n',
          { type: 'number_input', is_decimal_allowed: false },
          { hint: { type: 'plain_text', text: '1 to 100' } },
        ),
      ],
      { errors: { n: 'limit: 1 to 100 <b>' } },
    );
    expect(html).toContain('class="sk-input-block sk-input-invalid"');
    expect(html.indexOf('data-testid="input-error"')).toBeLessThan(html.indexOf('data-testid="input-hint"'));
    expect(html).toContain('limit: 1 to 100 &lt;b&gt;');
  });

  it('link buttons show where they go; Unicode emoji are drawn like shortcodes', () => {
    const html = render([
      {
        type: 'actions',
        block_id: 'a',
        elements: [
          {
            type: 'button',
            action_id: 'open',
            text: { type: 'plain_text', text: 'Console' },
            url: 'https://vpc.console.aliyun.com/x',
          },
        ],
      },
    ]);
    expect(html).toContain('data-url="https://vpc.console.aliyun.com/x"');
    expect(R.mrkdwn('\u{1F7E2} on \u26AA off \u{1F5D1}\uFE0F gone :mega:')).toMatch(
      /data-emoji="large_green_circle".*data-emoji="white_circle".*data-emoji="wastebasket".*data-emoji="mega"/,
    );
    expect(R.mrkdwn('`\u{1F7E2}`')).not.toContain('data-emoji');
  });
});
