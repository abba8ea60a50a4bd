import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/access';
import { auditText } from '../../src/views/audit';

const EVENT: AuditEvent = {
  time: '2026-11-28T12:00:00.000Z',
  team: 'T0TEAM',
  user: 'U0ONCALL',
  channel: 'C0INCIDENT',
  surface: 'command',
  account: 'prod',
  region: 'cn-hongkong',
  query: 'cn-hongkong tag:FinanceDept',
  outcome: 'ok',
  count: 3,
  requestId: '739CA01C-92EB-4C69-BCC0-280149C6F41E',
};

describe('auditText', () => {
  it('says who, where, which surface, account/region, the query, the outcome, the count and the RequestId', () => {
    expect(auditText(EVENT)).toBe(
      ':white_check_mark: ok: <@U0ONCALL> in <#C0INCIDENT> · command · `prod / cn-hongkong` · ' +
        '`cn-hongkong tag:FinanceDept` · 3 sessions · RequestId `739CA01C-92EB-4C69-BCC0-280149C6F41E`',
    );
  });

  it('shows a refusal without a count or RequestId, App Home and DMs by name', () => {
    expect(
      auditText({ ...EVENT, outcome: 'denied', count: null, requestId: null, surface: 'home', channel: null }),
    ).toBe(':no_entry: denied: <@U0ONCALL> in App Home · home · `prod / cn-hongkong` · `cn-hongkong tag:FinanceDept`');
    expect(auditText({ ...EVENT, channel: 'D0DM', count: 1 })).toContain('in a DM · command');
    expect(auditText({ ...EVENT, channel: 'D0DM', count: 1 })).toContain('· 1 session ·');
  });

  it('escapes what came from the user: no mention, link or broadcast can be forged', () => {
    const text = auditText({
      ...EVENT,
      outcome: 'invalid',
      user: '<!channel>',
      channel: '<!here>',
      account: null,
      region: null,
      query: 'name:"<https://evil.example|click> & `tick`" <!everyone>',
      count: null,
      requestId: null,
    });
    expect(text).not.toMatch(/<[!@#h]/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;https://evil.example|click&gt; &amp;');
    expect(text.match(/`/g)).toHaveLength(6);
  });
});
