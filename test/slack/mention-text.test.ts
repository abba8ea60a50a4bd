import { describe, expect, it } from 'vitest';
import { mentionText } from '../../src/slack/mention-text';

describe('mention text', () => {
  it.each([
    ['<@U0BOT> cn-hongkong tag:FinanceDept', 'cn-hongkong tag:FinanceDept'],
    ['<@U0BOT> name:<http://db.example.com|db.example.com>', 'name:db.example.com'],
    ['<@U0BOT> name:<https://evil.example>', 'name:https://evil.example'],
    ['<@U0BOT> tag:owner=<@U123ABC>', 'tag:owner=@U123ABC'],
    ['<@U0BOT> tag:channel=<#C0OPS|ops>', 'tag:channel=#ops'],
    ['please <@U0BOT|mirrors> cn-hongkong', 'please   cn-hongkong'],
  ])('reads %j as %j', (text, expected) => {
    expect(mentionText(text, 'U0BOT')).toBe(expected);
  });
});
