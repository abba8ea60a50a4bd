/**
 * The parts of Details that explain a session: who each ENI is (instance, IP, vSwitch), what the filter lets
 * through, whether the session can mirror anything at all, and which permission would add what is missing.
 */
import { LOOKUP_RAM_ACTIONS } from '../cloud/errors';
import type { SessionContext } from '../cloud/session-context';
import type { MirrorSession } from '../cloud/types';
import { code, plural } from './format';
import { escapeTruncated, oneLine } from './text';

type Rule = NonNullable<SessionContext['filter']>['ingress'][number];

/** " — on `i-…` _web-01_ · `10.0.1.5` · `vsw-…`", or that the ENI is gone; '' when nothing was read. */
export function eniSuffix(id: string, context: SessionContext | undefined): string {
  if (!context?.enisRead) return '';
  const eni = context.enis.get(id);
  if (!eni) return ' — :warning: _no longer exists_';
  const parts: string[] = [];
  if (eni.instanceId) {
    const name = oneLine(context.instances.get(eni.instanceId)?.name ?? '');
    parts.push(`on ${code(eni.instanceId, 40)}${name ? ` _${escapeTruncated(name, 60)}_` : ''}`);
  } else parts.push('_attached to no instance_');
  if (eni.primaryIp) parts.push(code(eni.primaryIp, 20));
  if (eni.vSwitchId) parts.push(code(eni.vSwitchId, 40));
  return ` — ${parts.join(' · ')}`;
}

/** Why the session mirrors nothing, if it can be told: every source gone, or a filter with no rules. */
export function mirrorsNothingReasons(session: MirrorSession, context: SessionContext | undefined): string[] {
  if (!context) return [];
  const reasons: string[] = [];
  const sources = session.sourceIds;
  if (context.enisRead && sources.length > 0 && sources.every((id) => !context.enis.has(id))) {
    reasons.push(
      sources.length === 1
        ? 'its only source ENI no longer exists'
        : `none of its ${sources.length} source ENIs exist any more`,
    );
  }
  if (context.filterRead && session.filterId) {
    if (!context.filter) reasons.push('its filter no longer exists');
    else if (context.filter.ingress.length + context.filter.egress.length === 0)
      reasons.push('its filter has no rules');
  }
  return reasons;
}

function ports(range: string): string {
  return range === '' || range === '-1/-1' || range === '1/65535' ? '' : `:${range.replace('/', '-')}`;
}

/** "1 · accept · TCP · `10.0.0.0/8:1024-65535` → `0.0.0.0/0:443`" */
function ruleLine(rule: Rule): string {
  const from = `${rule.sourceCidr || '*'}${ports(rule.sourcePorts)}`;
  const to = `${rule.destinationCidr || '*'}${ports(rule.destinationPorts)}`;
  const action = rule.action === 'drop' ? '*drop*' : rule.action || '?';
  return `• ${rule.priority ?? '?'} · ${action} · ${escapeTruncated(rule.protocol || 'ALL', 10)} · ${code(from, 60)} → ${code(to, 60)}`;
}

/** The filter's rules as lines: ingress, then egress, each in priority order. Empty when not read. */
export function filterRuleLines(context: SessionContext | undefined): string[] {
  const filter = context?.filter;
  if (!filter) return [];
  const side = (label: string, rules: readonly Rule[]) =>
    rules.length === 0
      ? [`_${label}: no rules_`]
      : [`_${label}_ (${rules.length}, priority · action · protocol · from → to)`, ...rules.map(ruleLine)];
  return [...side('Ingress', filter.ingress), ...side('Egress', filter.egress)];
}

const ADDS: Readonly<Record<string, string>> = {
  [LOOKUP_RAM_ACTIONS.enis]: 'ENI IPs, vSwitches and instances',
  [LOOKUP_RAM_ACTIONS.instances]: 'instance names',
  [LOOKUP_RAM_ACTIONS.filters]: 'filter rules',
};

/** One short line: which optional permission would add what (not an error: the ids are all there). */
export function permissionLine(context: SessionContext | undefined): string | undefined {
  if (!context) return undefined;
  const parts = context.denied.map((action) => `${code(action, 60)} adds ${ADDS[action] ?? 'more detail'}`);
  if (parts.length > 0)
    return `:information_source: Showing ids only where RAM said no: ${parts.join('; ')} (optional).`;
  if (context.incomplete)
    return ':information_source: Some ENI or filter details could not be read just now; ids are shown.';
  return undefined;
}

export function rulesHeading(context: SessionContext | undefined): string | undefined {
  const filter = context?.filter;
  if (!filter) return undefined;
  const total = filter.ingress.length + filter.egress.length;
  return `*Filter rules* ${filter.name ? `_${escapeTruncated(oneLine(filter.name), 60)}_ ` : ''}(${plural(total, 'rule')})`;
}
