/**
 * User-facing wording for every error. Cloud errors are described from their code and safe details only:
 * error.message is never shown (pop-core messages can hold URLs with AccessKeyId / SecurityToken).
 */
import type { KnownBlock } from '@slack/types';
import type { CloudError } from '../cloud/errors';
import { CloudErrorCode, isTransient, LIST_RAM_ACTION, LOOKUP_RAM_ACTIONS } from '../cloud/errors';
import type { QueryError } from '../query/types';
import { ActionId } from './action-ids';
import { button, code, DEFAULT_COMMAND, mrkdwn, plural } from './format';
import { SECTION_TEXT_MAX } from './limits';
import type { SlackMessage } from './surface';
import { escapeTruncated, truncate } from './text';

/** How many query errors are listed one by one (the rest are counted). */
const QUERY_ERRORS_SHOWN = 15;

// ---- query errors --------------------------------------------------------------------------------------------

function queryErrorLine(error: QueryError): string {
  const term = error.term ? `${code(error.term, 120)} — ` : '';
  const rule = escapeTruncated(error.rule, 400);
  // The likely fix comes first: it is what the reader wants; the rule is why.
  const suggestion = error.suggestion ? `did you mean ${code(error.suggestion, 200)}? ` : '';
  return `• ${term}${suggestion}${rule}`;
}

/**
 * A bad command: the whole corrected command to copy when every problem has a fix, then each bad term quoted with
 * its rule and suggestion, and a pointer to help.
 */
export function queryErrorMessage(
  errors: readonly QueryError[],
  opts: { commandName?: string; fix?: string } = {},
): SlackMessage {
  const cmd = opts.commandName ?? DEFAULT_COMMAND;
  const fixed = opts.fix !== undefined ? `Did you mean ${code(`${cmd} ${opts.fix}`, 1500)}?\n` : '';
  const intro =
    fixed +
    (errors.length === 1 ? "I couldn't run that command:" : `I couldn't run that command (${errors.length} problems):`);
  // List errors while they fit one section, keeping room for the "…and N more" tail.
  let body = intro;
  let shown = 0;
  for (const error of errors.slice(0, QUERY_ERRORS_SHOWN)) {
    const line = queryErrorLine(error);
    if (body.length + 1 + line.length > SECTION_TEXT_MAX - 60) break;
    body += `\n${line}`;
    shown += 1;
  }
  if (errors.length > shown) body += `\n…and ${plural(errors.length - shown, 'more problem')}.`;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(truncate(body, SECTION_TEXT_MAX)) },
    { type: 'context', elements: [mrkdwn(`${code(`${cmd} help`, 60)} lists every filter and its rule.`)] },
  ];
  const first = errors[0];
  const summary = first
    ? `${first.term ? `${truncate(first.term, 60)}: ` : ''}${truncate(first.rule, 120)}`
    : 'the command could not be read';
  const lead = opts.fix !== undefined ? `Did you mean ${cmd} ${opts.fix}? ` : '';
  return { text: escapeTruncated(`${lead}I couldn't run that command: ${summary}`, 300), blocks };
}

// ---- cloud errors --------------------------------------------------------------------------------------------

function attemptsText(error: CloudError): string {
  const n = error.details.attempts;
  return n !== undefined && n > 1 ? ` (gave up after ${n} attempts)` : '';
}

function regionText(error: CloudError): string {
  return error.details.region ? ` in ${code(error.details.region, 60)}` : '';
}

interface Wording {
  /** A short phrase: App Home's per-region line. */
  short: string;
  /** Plain text for the notification (no mrkdwn, no user text beyond region / action). */
  summary: string;
  /** The explanation in the message, in mrkdwn. */
  explain: string;
}

const apiCodeText = (error: CloudError): string =>
  error.details.apiCode ? ` (${code(error.details.apiCode, 80)})` : '';

const TRY_LATER_SUMMARY = 'Alibaba Cloud could not answer right now; try again in a minute';
const CREDENTIALS_SUMMARY = "The bot's Alibaba Cloud credentials are not working (for the admin)";
const API_ERROR_SUMMARY = 'The VPC API answered with an error';

/** What a denied action kept the bot from doing, for the actions other than listing sessions. */
const DENIED_DOING: Readonly<Record<string, string>> = {
  [LOOKUP_RAM_ACTIONS.enis]: 'look up which ENIs hold an IP or belong to an instance',
  [LOOKUP_RAM_ACTIONS.instances]: 'read ECS instance names',
  [LOOKUP_RAM_ACTIONS.filters]: 'read traffic mirror filter rules',
};

/** Every code's wording in one place; a new CloudErrorCode does not compile until it has all three. */
const WORDING: Record<CloudErrorCode, (error: CloudError) => Wording> = {
  [CloudErrorCode.PermissionDenied]: (error) => {
    const action = error.details.action ?? LIST_RAM_ACTION;
    if (error.details.explicitDeny) return explicitDenyWording(error, action);
    return {
      short: `permission denied (${code(action, 80)})`,
      summary: `Permission denied: the bot needs ${action}`,
      explain:
        `:no_entry: The bot isn't allowed to ${DENIED_DOING[action] ?? 'list traffic mirror sessions'}${regionText(error)}. ` +
        `Its RAM identity needs the action ${code(action, 80)}: ask your cloud admin to grant it.`,
    };
  },
  [CloudErrorCode.BadNextToken]: () => ({
    short: 'page link expired',
    summary: 'This page link has expired or is no longer valid',
    explain: ':hourglass: This page link has expired or is no longer valid. Start over from the first page.',
  }),
  [CloudErrorCode.UnknownRegion]: (error) => ({
    short: 'unknown region',
    summary: `Unknown region${error.details.region ? ` ${error.details.region}` : ''}`,
    explain:
      `:world_map: ${error.details.region ? code(error.details.region, 60) : 'That region'} isn't a region the VPC API knows, or its endpoint ` +
      'cannot be reached. Check the spelling (for example `cn-hongkong`, `ap-southeast-1`).',
  }),
  [CloudErrorCode.Throttled]: (error) => ({
    short: 'throttled by Alibaba Cloud, try again in a minute',
    summary: TRY_LATER_SUMMARY,
    explain: `:turtle: Alibaba Cloud is throttling requests${regionText(error)} right now. ${tryAgain(error)}`,
  }),
  [CloudErrorCode.Unavailable]: (error) => ({
    short: 'VPC API unavailable, try again in a minute',
    summary: TRY_LATER_SUMMARY,
    explain: `:construction: The VPC API${regionText(error)} is unavailable. ${tryAgain(error)}`,
  }),
  [CloudErrorCode.Timeout]: (error) => ({
    short: 'VPC API timed out, try again in a minute',
    summary: TRY_LATER_SUMMARY,
    explain: `:stopwatch: The VPC API${regionText(error)} did not answer in time. ${tryAgain(error)}`,
  }),
  [CloudErrorCode.Network]: (error) => ({
    short: 'network error, try again in a minute',
    summary: TRY_LATER_SUMMARY,
    explain: `:electric_plug: The bot couldn't reach the VPC API${regionText(error)}. ${tryAgain(error)}`,
  }),
  [CloudErrorCode.BadCredentials]: () => ({
    short: "the bot's credentials were rejected (admin)",
    summary: CREDENTIALS_SUMMARY,
    explain:
      ":key: Alibaba Cloud rejected the bot's credentials (a wrong or disabled AccessKey, an expired STS token, " +
      "or the clock of the bot's host is off). This is for the admin who runs the bot: check its " +
      '`ALIBABA_CLOUD_*` settings.',
  }),
  [CloudErrorCode.NoCredentials]: () => ({
    short: 'the bot has no cloud credentials (admin)',
    summary: CREDENTIALS_SUMMARY,
    explain:
      ':key: The bot has no Alibaba Cloud credentials configured. This is for the admin who runs the bot: set ' +
      'its `ALIBABA_CLOUD_*` settings (AccessKey, STS token, RAM role or OIDC).',
  }),
  [CloudErrorCode.NotServed]: (error) => ({
    short: `this endpoint does not serve the API${apiCodeText(error)}`,
    summary: `The VPC endpoint${error.details.region ? ` for ${error.details.region}` : ''} does not serve this API`,
    explain:
      `:world_map: The VPC endpoint${regionText(error)} answered, but it does not serve this API${apiCodeText(error)}: ` +
      "the region may not offer traffic mirroring, or the bot's endpoint setting points elsewhere. " +
      "Try another region; if it should work here, tell the bot's admin (check `ALIBABA_CLOUD_VPC_ENDPOINT`).",
  }),
  [CloudErrorCode.InvalidParameter]: (error) => ({
    short: `parameter rejected${apiCodeText(error)}`,
    summary: API_ERROR_SUMMARY,
    explain:
      `:warning: The VPC API rejected a parameter${apiCodeText(error)}. ` +
      "The bot checks every filter first, so this is likely a bug: tell the bot's admin, with the RequestId below.",
  }),
  [CloudErrorCode.Unknown]: (error) => ({
    short: `unexpected error${apiCodeText(error)}`,
    summary: API_ERROR_SUMMARY,
    explain:
      `:warning: The VPC API answered with an unexpected error${apiCodeText(error)}` +
      `${regionText(error)}. Try again; if it persists, tell the bot's admin, with the RequestId below.`,
  }),
};

/**
 * An explicit deny: granting the action would change nothing, because a Deny statement wins over every Allow.
 * Who can lift it depends on the kind of policy: a control policy is set for the whole account in Resource
 * Directory, an identity policy by whoever manages the bot's RAM identity.
 */
function explicitDenyWording(error: CloudError, action: string): Wording {
  const type = error.details.policyType;
  const control = type === 'ControlPolicy';
  const policy = control
    ? 'A control policy'
    : type !== undefined && /IdentityBasedPolicy$/.test(type)
      ? 'An identity-based RAM policy'
      : 'A RAM policy';
  const typeText = type !== undefined ? ` (policy type ${code(type, 64)})` : '';
  const who = control
    ? 'Ask the administrator of your Resource Directory (control policies are set from the management account) to allow it for this account.'
    : "Ask your cloud admin to remove or narrow the Deny statement that applies to the bot's RAM identity.";
  return {
    short: `explicitly denied by ${control ? 'a control policy' : 'a RAM policy'} (${code(action, 80)})`,
    summary: `Denied: ${control ? 'a control policy' : 'a RAM policy'} explicitly denies ${action}`,
    explain:
      `:no_entry: ${policy}${typeText} explicitly denies ${code(action, 80)}${regionText(error)}, ` +
      `so granting the action would not help. ${who}`,
  };
}

function tryAgain(error: CloudError): string {
  return `Please try again in a minute${attemptsText(error)}.`;
}

/**
 * The wording for an error's code. A code from outside the enum (a newer cloud/ than views/, or a bad cast) gets
 * the Unknown wording instead of a crash.
 */
function wordingOf(error: CloudError): Wording {
  // The account's role could not be assumed: cloud/sts.ts worded what the admin must fix, naming the role.
  const assumeRole = error.details.assumeRole;
  if (assumeRole !== undefined && assumeRole !== 'other') {
    return {
      short: 'the account role could not be assumed',
      summary: "The bot could not assume this account's RAM role",
      explain: `:lock: ${escapeTruncated(error.message, 600)}`,
    };
  }
  return (WORDING[error.code] ?? WORDING[CloudErrorCode.Unknown])(error);
}

/** A short phrase for an error code: App Home's per-region line, logs shown to users. */
export function shortCloudErrorText(error: CloudError): string {
  return wordingOf(error).short;
}

function cloudErrorExplanation(error: CloudError): string {
  return wordingOf(error).explain;
}

function cloudErrorSummary(error: CloudError): string {
  return wordingOf(error).summary;
}

/** Small print: region, API code, HTTP status, RequestId — the safe facts a support ticket needs. */
function smallPrint(error: CloudError): string | undefined {
  const d = error.details;
  const parts: string[] = [];
  if (d.region) parts.push(`Region ${code(d.region, 60)}`);
  if (d.apiCode) parts.push(`API code ${code(d.apiCode, 80)}`);
  if (d.httpStatus !== undefined) parts.push(`HTTP ${d.httpStatus}`);
  if (d.requestId) parts.push(`RequestId ${code(d.requestId, 80)}`);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

export interface CloudErrorOptions {
  /** Signed value for the "Start over" button on BadNextToken; absent = no button. */
  startOverValue?: string;
  /** Signed value for the "Retry" button on a failure a retry could fix; absent = no button. */
  retryValue?: string;
}

/** A failed cloud call, explained from its code and safe details only. */
export function cloudErrorMessage(error: CloudError, opts: CloudErrorOptions = {}): SlackMessage {
  const blocks: KnownBlock[] = [{ type: 'section', text: mrkdwn(cloudErrorExplanation(error)) }];
  const small = smallPrint(error);
  if (small) blocks.push({ type: 'context', elements: [mrkdwn(small)] });
  if (error.code === CloudErrorCode.BadNextToken && opts.startOverValue !== undefined) {
    blocks.push({
      type: 'actions',
      block_id: 'mirrors_start_over',
      elements: [button('Start over', ActionId.StartOver, opts.startOverValue, 'primary')],
    });
  }
  if (opts.retryValue !== undefined && isTransient(error)) {
    blocks.push({
      type: 'actions',
      block_id: 'mirrors_retry',
      elements: [button('Retry', ActionId.Retry, opts.retryValue, 'primary')],
    });
  }
  return { text: escapeTruncated(cloudErrorSummary(error), 300), blocks };
}

// ---- buttons -------------------------------------------------------------------------------------------------

export interface RerunOptions {
  /** The query's canonical text (`canonicalText(query)`), with or without the command name. */
  canonicalText?: string;
  commandName?: string;
}

function rerunLine(opts: RerunOptions): string {
  const cmd = opts.commandName ?? DEFAULT_COMMAND;
  if (!opts.canonicalText) return `Run ${code(cmd, 40)} again to get a fresh list.`;
  const text = opts.canonicalText.trim();
  const full = text.startsWith('/') ? text : `${cmd} ${text}`;
  return `Run the command again to get a fresh list: ${code(full, 500)}`;
}

/** A paging button whose signed state has expired. */
export function expiredButtonMessage(opts: RerunOptions = {}): SlackMessage {
  return {
    text: 'This button has expired. Run the command again.',
    blocks: [
      {
        type: 'section',
        text: mrkdwn(`:hourglass: This button has expired: page buttons only work for a while. ${rerunLine(opts)}`),
      },
    ],
  };
}

/** A paging button whose value failed verification (altered, from another install, or corrupted). */
export function tamperedButtonMessage(opts: RerunOptions = {}): SlackMessage {
  return {
    text: "This button isn't valid. Run the command again.",
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:warning: This button isn't valid any more (its state could not be verified). ${rerunLine(opts)}`,
        ),
      },
    ],
  };
}

/** Anything unexpected: a generic apology with a reference that appears in the logs. */
export function internalErrorMessage(reference: string): SlackMessage {
  const ref = code(reference, 80);
  return {
    text: escapeTruncated(`Something went wrong on our side (ref ${reference}).`, 200),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:warning: Something went wrong on our side (ref ${ref}). Please try again; if it keeps happening, ` +
            "tell the bot's admin and quote the ref.",
        ),
      },
    ],
  };
}

/** Why a button value could not be used, as the paging codec reports it. */
export type ButtonStateProblem = 'expired' | 'evicted' | 'tampered' | 'malformed';

/** expiredButtonMessage for state that timed out or was evicted; tamperedButtonMessage otherwise. */
export function buttonStateMessage(problem: ButtonStateProblem, opts: RerunOptions = {}): SlackMessage {
  return problem === 'expired' || problem === 'evicted' ? expiredButtonMessage(opts) : tamperedButtonMessage(opts);
}

/** A Details click on a session the API no longer returns (deleted since the list was drawn). */
export function sessionGoneMessage(sessionId: string, region: string): SlackMessage {
  return {
    text: escapeTruncated(`Session ${sessionId} no longer exists in ${region}.`, 200),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:ghost: ${code(sessionId, 80)} no longer exists in ${code(region, 60)}: it was probably deleted after this list was drawn.`,
        ),
      },
    ],
  };
}

// ---- modals --------------------------------------------------------------------------------------------------

/**
 * A failed cloud call, for a modal: the same explanation and small print as cloudErrorMessage, without its
 * buttons (a modal has no response_url to page on), and with how to try again from there.
 */
export function cloudErrorModalBlocks(error: CloudError, retry: string): KnownBlock[] {
  const blocks = cloudErrorMessage(error).blocks.filter((b) => b.type !== 'actions');
  blocks.push({ type: 'context', elements: [mrkdwn(retry)] });
  return blocks;
}

// ---- posting into a conversation -----------------------------------------------------------------------------

/** chat.postMessage errors that mean "the bot may not post there", as opposed to a failure worth retrying. */
export type PostRefusal = 'not_in_channel' | 'channel_not_found';

/** The bot's own name as people type it; the manifest's display_name. */
const BOT_HANDLE = '@mirrors';

function channelRef(channelId: string): string {
  // A channel id from Slack renders as a live link; anything else is shown as typed.
  return /^[CGD][A-Z0-9]{2,30}$/.test(channelId) ? `<#${channelId}>` : code(channelId, 40);
}

function refusalReason(refusal: PostRefusal, where: string): string {
  return refusal === 'not_in_channel'
    ? `mirrors isn't a member of ${where}, so it can't post there.`
    : `mirrors can't see ${where}: it is a private channel mirrors hasn't been added to, or a direct message between ` +
        'people, where apps cannot post.';
}

/** "Share in channel" where the bot may not post. */
export function cannotShareMessage(refusal: PostRefusal): SlackMessage {
  const how =
    refusal === 'not_in_channel'
      ? `Invite it with \`/invite ${BOT_HANDLE}\` or mention it, then share again.`
      : `In a private channel, invite it with \`/invite ${BOT_HANDLE}\` or mention it, then share again; from a DM, ` +
        'run the command in a channel and share it there.';
  return {
    text:
      refusal === 'not_in_channel'
        ? `mirrors isn't in this channel. Invite it with /invite ${BOT_HANDLE}, then share again.`
        : "mirrors can't post in this conversation.",
    blocks: [
      { type: 'section', text: mrkdwn(`:no_entry_sign: ${refusalReason(refusal, 'this conversation')} ${how}`) },
    ],
  };
}

/** "Share in channel" failed for another reason: the list stays where it is. */
export function shareFailedMessage(reference: string): SlackMessage {
  return {
    text: escapeTruncated(`Couldn't share the list (ref ${reference}). Try again in a moment.`, 200),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:warning: Couldn't share the list in this channel (ref ${code(reference, 40)}). Try again in a moment.`,
        ),
      },
    ],
  };
}

/** The query builder's result could not go to the chosen channel: said in the user's DM, above the result. */
export function builderChannelRefusedMessage(refusal: PostRefusal, channelId: string): SlackMessage {
  const where = channelRef(channelId);
  const how =
    refusal === 'not_in_channel'
      ? `Invite it with \`/invite ${BOT_HANDLE}\` or mention it in ${where}, then run the query again.`
      : `If it is a private channel, invite it with \`/invite ${BOT_HANDLE}\` there, then run the query again.`;
  return {
    text: `Couldn't post the result in that channel; here it is instead.`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:no_entry_sign: I couldn't post your query's result in ${where}: ${refusalReason(refusal, 'it')} ${how} Here is the result:`,
        ),
      },
    ],
  };
}

/** The query builder's result could not go to the chosen channel for another reason: said in the user's DM. */
export function builderChannelFailedMessage(channelId: string, reference: string): SlackMessage {
  return {
    text: `Couldn't post the result in that channel (ref ${reference}); here it is instead.`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:warning: I couldn't post your query's result in ${channelRef(channelId)} (ref ${code(reference, 40)}). Here is the result:`,
        ),
      },
    ],
  };
}
