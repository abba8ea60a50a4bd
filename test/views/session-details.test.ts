import { describe, expect, it } from 'vitest';
import { sessionDetailsMessage } from '../../src/views/session-details';
import { validateMessage } from '../../src/views/validate';
import { allText, NOW, session, worstSession } from './fixtures';

describe('sessionDetailsMessage', () => {
  it('shows one session in full', () => {
    const msg = sessionDetailsMessage({ session: session({ name: 'db mirror' }), region: 'cn-hongkong', now: NOW });
    expect(validateMessage(msg.blocks, 'message')).toEqual([]);
    const text = allText(msg.blocks);
    expect(text).toContain('db mirror');
    expect(text).toContain('`FinanceDept=FinanceJoshua`');
    expect(text).toContain('3 days ago');
    expect(text).toContain('/mirrors cn-hongkong id:tms-');
  });

  it('lists every tag of a worst-case session and stays valid', () => {
    const s = worstSession(3);
    const msg = sessionDetailsMessage({ session: s, region: 'cn-hongkong', now: NOW });
    expect(validateMessage(msg.blocks, 'message')).toEqual([]);
    const text = allText(msg.blocks);
    expect(text).toContain('*All tags*');
    expect(text).toContain(':lock: *Locked (overdue payment)* · :white_circle: *Disabled*');
    expect(text).not.toContain('<script>');
    expect((text.match(/`k\d+-&amp;&lt;/g) ?? []).length).toBeGreaterThanOrEqual(20);
  });
});
