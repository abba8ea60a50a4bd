import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import type { MirrorQuery } from '../../../query/types';
import {
  BuilderBlock,
  builderChannelFailedMessage,
  builderChannelRefusedMessage,
  builderResultMessage,
  rateLimitedText,
  validateMessage,
} from '../../../views';
import type { SlackMessage } from '../../../views/surface';
import { errorName, postRefusal, slackApiError } from '../../api-errors';
import { type BuilderDestination, readBuilderSubmission } from '../../builder-submission';
import type { AppDeps } from '../../deps';
import { builderStateOf } from '../../guard/builder-state';
import { renderQuery } from '../../list-sessions';
import { overUserRate } from '../../user-rate';

type WebClient = AllMiddlewareArgs['client'];

/** The first page of a query, whatever its scope (one region, a bare ENI, or every region). */
async function firstPage(
  deps: AppDeps,
  query: MirrorQuery,
  owner: string,
): Promise<{ ok: boolean; message: SlackMessage }> {
  const rendered = await renderQuery(deps, query, { owner });
  return { ok: rendered.kind === 'list', message: rendered.message };
}

async function post(client: WebClient, channel: string, message: SlackMessage): Promise<void> {
  await client.chat.postMessage({ channel, ...message });
}

/** Lead + result as one DM when that stays within a message's limits, otherwise as two. */
async function postToDm(client: WebClient, user: string, lead: SlackMessage, result: SlackMessage): Promise<void> {
  const combined: SlackMessage = { text: lead.text, blocks: [...lead.blocks, ...result.blocks] };
  if (validateMessage(combined.blocks, 'message').length === 0) {
    await post(client, user, combined);
    return;
  }
  await post(client, user, lead);
  await post(client, user, result);
}

async function deliver(
  deps: AppDeps,
  client: WebClient,
  user: string,
  destination: BuilderDestination,
  result: SlackMessage,
): Promise<void> {
  // A DM by user id lands in the app's Messages tab: chat:write is enough, no conversations.open (im:write).
  if (destination.kind === 'dm') {
    await post(client, user, result);
    return;
  }
  try {
    await post(client, destination.channel, result);
    deps.logger.info('query builder: posted to a channel', { channel: destination.channel });
  } catch (error) {
    const refusal = postRefusal(error);
    const reference = randomUUID().slice(0, 8);
    if (refusal) deps.logger.info('query builder: channel refused', { channel: destination.channel, error: refusal });
    else
      deps.logger.warn('query builder: could not post to the channel', {
        reference,
        channel: destination.channel,
        code: slackApiError(error),
        error: errorName(error),
      });
    const lead = refusal
      ? builderChannelRefusedMessage(refusal, destination.channel)
      : builderChannelFailedMessage(destination.channel, reference);
    await postToDm(client, user, lead, result);
  }
}

/**
 * The builder's submission. The inputs become command text read by the same parser as `/mirrors`: a bad input is
 * answered in the modal, under that input, with the rule it breaks; a good query closes the modal at once and its
 * first page goes to the user's DM or the chosen channel. A cloud error goes to the DM only, not to a channel.
 */
export function queryBuilderSubmission(deps: AppDeps) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const outcome = readBuilderSubmission(builderStateOf(view), {
      regions: deps.regions,
      defaultRegion: deps.defaultRegion,
    });
    if (outcome.kind === 'errors') {
      deps.logger.info('query builder: rejected input', { blocks: Object.keys(outcome.errors) });
      await ack({ response_action: 'errors', errors: outcome.errors });
      return;
    }
    const user = body.user.id;
    const refusal = overUserRate(deps, user);
    if (refusal) {
      // The modal stays open with the inputs as typed, so the user can submit again once the wait is over.
      await ack({
        response_action: 'errors',
        errors: { [BuilderBlock.region]: rateLimitedText(refusal.rate, refusal.retryAfterMs) },
      });
      return;
    }
    await ack();
    const page = await firstPage(deps, outcome.query, user);
    const destination: BuilderDestination = page.ok ? outcome.destination : { kind: 'dm' };
    const message = builderResultMessage(
      page.message,
      outcome.text,
      destination.kind === 'channel' ? { userId: user } : {},
    );
    try {
      await deliver(deps, client, user, destination, message);
    } catch (error) {
      deps.logger.warn('query builder: could not deliver the result', {
        code: slackApiError(error),
        error: errorName(error),
      });
    }
  };
}
