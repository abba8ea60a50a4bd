/** What an IP or instance lookup resolved to, in words: the line above its list, and the answer when nothing holds it. */
import type { KnownBlock } from '@slack/types';
import type { Instance, NetworkInterface } from '../cloud/ecs';
import type { HostTerm } from '../query/types';
import { code, DEFAULT_COMMAND, mrkdwn, plain, plural } from './format';
import { HEADER_TEXT_MAX, SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './surface';
import { escapeMrkdwn, escapeTruncated, oneLine, truncate } from './text';

export interface ResolvedHost {
  host: HostTerm;
  enis: readonly NetworkInterface[];
  instances: readonly Instance[];
  /** The RAM action that would add instance names, when RAM refused them. */
  namesNeed?: string;
}

/** How a host is named in a sentence: the IP, or the instance id. */
export function hostLabel(host: HostTerm): string {
  return host.kind === 'ip' ? host.ip : host.instanceId;
}

function instanceText(id: string, names: ReadonlyMap<string, string>): string {
  if (id === '') return 'attached to no instance';
  const name = oneLine(names.get(id) ?? '');
  return `on ${code(id, 60)}${name ? ` _${escapeTruncated(name, 80)}_` : ''}`;
}

/** "`10.20.1.15` is the primary IP of `eni-…` on `i-…` _finance-ledger-01_." and the like. */
function resolvedText(resolved: ResolvedHost): string {
  const names = new Map(resolved.instances.map((i) => [i.id, i.name]));
  const { host, enis } = resolved;
  let text: string;
  if (host.kind === 'ip') {
    const held = enis.map((eni) => {
      const which = eni.primaryIp === host.ip ? 'primary' : 'secondary';
      return `the ${which} IP of ${code(eni.id, 40)} ${instanceText(eni.instanceId, names)}`;
    });
    text = `${code(host.ip, 20)} is ${held.join('; and ')}.`;
  } else {
    const list = enis.map(
      (eni) =>
        `${code(eni.id, 40)} (${eni.type === 'Primary' ? 'primary' : 'secondary'}, ${code(eni.primaryIp || '?', 20)})`,
    );
    text = `${code(host.instanceId, 40)}${names.get(host.instanceId) ? ` _${escapeTruncated(oneLine(names.get(host.instanceId) ?? ''), 80)}_` : ''} has ${plural(enis.length, 'ENI')}: ${list.join(', ')}.`;
  }
  if (resolved.namesNeed !== undefined) text += ` _Instance names need ${code(resolved.namesNeed, 60)}._`;
  return truncate(text, SECTION_TEXT_MAX);
}

/** The section that says what the host resolved to, above its list. */
export function resolvedBlock(resolved: ResolvedHost): KnownBlock {
  return { type: 'section', text: mrkdwn(resolvedText(resolved)) };
}

/**
 * No ENI holds the IP (or the instance has none): said so it cannot be read as "not mirrored", since nothing was
 * looked up in the sessions at all.
 */
export function hostNotFoundMessage(host: HostTerm, region: string, commandName = DEFAULT_COMMAND): SlackMessage {
  const sentence =
    host.kind === 'ip'
      ? `No ENI in ${region} holds ${host.ip}, so I can't tell whether it is mirrored. Check the IP and region.`
      : `No ENI in ${region} belongs to ${host.instanceId}, so I can't tell whether it is mirrored. Check the instance id and region.`;
  return {
    text: escapeMrkdwn(truncate(sentence, 300)),
    blocks: [
      { type: 'header', text: plain(escapeTruncated(`Traffic mirror sessions · ${region}`, HEADER_TEXT_MAX)) },
      { type: 'section', text: mrkdwn(`:mag: ${escapeMrkdwn(sentence)}`) },
      {
        type: 'context',
        elements: [
          mrkdwn(
            `Looked up with ECS DescribeNetworkInterfaces. Another region? ${code(`${commandName} REGION ${host.kind === 'ip' ? host.ip : host.instanceId}`, 120)}`,
          ),
        ],
      },
    ],
  };
}

/**
 * A host looked for in every configured region, held by no ENI in any: the same care as in one region, naming
 * every region searched.
 */
export function hostNotFoundAnywhereMessage(host: HostTerm, regions: readonly string[]): SlackMessage {
  const what = host.kind === 'ip' ? `holds ${host.ip}` : `belongs to ${host.instanceId}`;
  const check = host.kind === 'ip' ? 'Check the IP' : 'Check the instance id';
  const sentence = `No ENI in any of the ${plural(regions.length, 'configured region')} ${what}, so I can't tell whether it is mirrored. ${check}.`;
  return {
    text: escapeMrkdwn(truncate(sentence, 300)),
    blocks: [
      { type: 'section', text: mrkdwn(`:mag: ${escapeMrkdwn(sentence)}`) },
      {
        type: 'context',
        elements: [
          mrkdwn(
            escapeTruncated(
              `Looked up with ECS DescribeNetworkInterfaces in ${regions.join(', ')}. An account or region not configured here is not searched.`,
              SECTION_TEXT_MAX,
            ),
          ),
        ],
      },
    ],
  };
}
