/**
 * The short audit message posted to `audit.channel`: who, where, which surface, account/region, the canonical
 * query, the outcome, the count and the RequestId, on one line. Every value is escaped; ids become mentions only
 * when they have an id's shape, so a crafted value cannot turn into a link or a broadcast.
 */
import type { AuditEvent, AuditOutcome } from '../access/audit';
import { code } from './format';
import { escapeTruncated } from './text';

const OUTCOME_MARK: Record<AuditOutcome, string> = {
  ok: ':white_check_mark: ok',
  denied: ':no_entry: denied',
  invalid: ':grey_question: invalid',
  error: ':warning: error',
};

const USER_SHAPE = /^[UW][A-Z0-9]{2,20}$/;
const CHANNEL_SHAPE = /^[CG][A-Z0-9]{2,20}$/;

function who(user: string): string {
  return USER_SHAPE.test(user) ? `<@${user}>` : code(user, 40);
}

function where(event: AuditEvent): string {
  if (event.surface === 'home') return 'App Home';
  if (event.channel === null) return 'no channel';
  if (CHANNEL_SHAPE.test(event.channel)) return `<#${event.channel}>`;
  if (/^D[A-Z0-9]{2,20}$/.test(event.channel)) return 'a DM';
  return code(event.channel, 40);
}

export function auditText(event: AuditEvent): string {
  const scope = [event.account, event.region].filter((v): v is string => v !== null).join(' / ');
  const parts = [
    `${OUTCOME_MARK[event.outcome]}: ${who(event.user)} in ${where(event)}`,
    escapeTruncated(event.surface, 20),
  ];
  if (scope !== '') parts.push(code(scope, 80));
  parts.push(event.query === '' ? '(no query)' : code(event.query, 300));
  if (event.count !== null) parts.push(`${event.count} ${event.count === 1 ? 'session' : 'sessions'}`);
  if (event.requestId !== null) parts.push(`RequestId ${code(event.requestId, 80)}`);
  return parts.join(' · ');
}
