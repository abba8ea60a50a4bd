import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import {
  BuilderBlock,
  builderChannelErrorText,
  builderChannelFailedMessage,
  builderChannelRefusedMessage,
  builderPlaceholderMessage,
  builderResultMessage,
  rateLimitedText,
  validateMessage,
} from '../../../views';
import type { SlackMessage } from '../../../views/surface';
import { truncate } from '../../../views/text';
import { type Admitted, type Asker, admit, audit, audited, channelKindOf } from '../../access';
import { errorName, postRefusal, slackApiError } from '../../api-errors';
import { type BuilderDestination, readBuilderSubmission } from '../../builder-submission';
import type { AppDeps } from '../../deps';
import { builderStateOf } from '../../guard/builder-state';
import { firstStateOf, placeholderFor, renderPage } from '../../list-sessions';
import { answerSoon, postedSurface } from '../../placeholder';
import { builderInput } from '../../query-builder';
import { overUserRate } from '../../user-rate';

type WebClient = AllMiddlewareArgs['client'];

/** The first page of a query, whatever its scope (one region, a bare ENI, or every region). */
async function firstPage(
  deps: AppDeps,
  asker: Asker,
  admitted: Admitted,
  owner: string,
): Promise<{ ok: boolean; message: SlackMessage }> {
  const state = firstStateOf(admitted.query);
  const rendered = await audited(deps, asker, admitted, state, renderPage(admitted.deps, state, { owner }));
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

/** How long the submission waits for the channel placeholder before closing the form anyway (Slack allows 3 s). */
const PLACEHOLDER_WAIT_MS = 1_000;

type Placeholder = { ok: true; ts: string | undefined } | { ok: false; error: unknown };

/**
 * Whether the chosen channel takes a message, found out by posting the placeholder there before the form closes:
 * no extra scope (conversations.info would need channels:read and groups:read), and the channel sees at once that
 * an answer is coming. Answers within PLACEHOLDER_WAIT_MS or not at all (undefined); the post itself goes on.
 */
function postPlaceholder(
  client: WebClient,
  channel: string,
  message: SlackMessage,
): { early: Promise<Placeholder | undefined>; settled: Promise<Placeholder> } {
  const settled: Promise<Placeholder> = client.chat.postMessage({ channel, ...message }).then(
    (result) => ({ ok: true, ts: typeof result.ts === 'string' ? result.ts : undefined }),
    (error: unknown) => ({ ok: false, error }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), PLACEHOLDER_WAIT_MS);
  });
  const early = Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
  return { early, settled };
}

/**
 * The builder's submission. The inputs become command text read by the same parser as `/mirrors`: a bad input is
 * answered in the modal, under that input, with the rule it breaks in the form's words. For a channel, a
 * placeholder is posted there before the form closes: a channel without the bot is answered under the Channel
 * input, the form stays open; otherwise the placeholder is replaced by the first page. For the DM the form closes
 * at once. A cloud error goes to the DM only, not to a channel.
 */
export function queryBuilderSubmission(deps: AppDeps) {
  return async ({ ack, view, body, client }: SlackViewMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const form = builderInput(deps);
    const outcome = readBuilderSubmission(builderStateOf(view), form);
    const user = body.user.id;
    if (outcome.kind === 'errors') {
      deps.logger.info('query builder: rejected input', { blocks: Object.keys(outcome.errors) });
      audit(
        deps,
        { user, channel: undefined, channelKind: 'dm', surface: 'builder' },
        '(query builder form)',
        null,
        'invalid',
      );
      await ack({ response_action: 'errors', errors: outcome.errors });
      return;
    }
    // The rules are asked for where the answer will be read: the chosen channel, or the DM with the app.
    const target = outcome.destination.kind === 'channel' ? outcome.destination.channel : undefined;
    const asker: Asker = {
      user,
      channel: target,
      channelKind: target === undefined ? 'dm' : channelKindOf(target),
      surface: 'builder',
    };
    const admitted = await admit(deps, asker, outcome.query);
    if (!admitted.ok) {
      // The form stays open, the refusal under the input that chose the account (or the region).
      await ack({
        response_action: 'errors',
        errors: { [form.accounts ? BuilderBlock.account : BuilderBlock.region]: truncate(admitted.message.text, 150) },
      });
      return;
    }
    const refusal = await overUserRate(deps, user);
    if (refusal) {
      // The modal stays open with the inputs as typed, so the user can submit again once the wait is over.
      await ack({
        response_action: 'errors',
        errors: { [BuilderBlock.region]: rateLimitedText(refusal.rate, refusal.retryAfterMs) },
      });
      return;
    }
    if (outcome.destination.kind === 'channel') {
      const answer: Ack = (errors) => (errors ? ack({ response_action: 'errors', errors }) : ack());
      await toChannel(deps, client, answer, user, outcome.destination.channel, asker, admitted, outcome.text);
      return;
    }
    await ack();
    // The DM: the form closes at once; a slow answer puts a placeholder there first, which the answer replaces.
    const dm: BuilderDestination = { kind: 'dm' };
    const placeholder = postedSurface(
      client,
      { channel: user },
      deps.logger,
      (page: { ok: boolean; message: SlackMessage }) => builderResultMessage(page.message, outcome.text, {}),
      async (page) => {
        try {
          await deliver(deps, client, user, dm, builderResultMessage(page.message, outcome.text, {}));
        } catch (error) {
          deps.logger.warn('query builder: could not deliver the result', {
            code: slackApiError(error),
            error: errorName(error),
          });
        }
      },
    );
    await answerSoon(
      firstPage(deps, asker, admitted, user),
      () => placeholderFor(admitted.deps, firstStateOf(admitted.query)),
      placeholder,
      deps.placeholderAfterMs,
    );
  };
}

/** Closes the form, or (with errors by block_id) keeps it open and shows them under the inputs. */
type Ack = (errors?: Record<string, string>) => Promise<void>;

async function toChannel(
  deps: AppDeps,
  client: WebClient,
  ack: Ack,
  user: string,
  channel: string,
  asker: Asker,
  admitted: Admitted,
  text: string,
): Promise<void> {
  const placeholder = postPlaceholder(client, channel, builderPlaceholderMessage(text, user));
  const early = await placeholder.early;
  const refusal = early && !early.ok ? postRefusal(early.error) : undefined;
  if (refusal) {
    deps.logger.info('query builder: channel refused', { channel, error: refusal });
    await ack({ [BuilderBlock.channel]: builderChannelErrorText(refusal) });
    return;
  }
  await ack();
  const posted = early ?? (await placeholder.settled);
  const page = await firstPage(deps, asker, admitted, user);
  const destination: BuilderDestination = page.ok ? { kind: 'channel', channel } : { kind: 'dm' };
  const message = builderResultMessage(page.message, text, destination.kind === 'channel' ? { userId: user } : {});
  try {
    if (posted.ok && posted.ts !== undefined) {
      if (page.ok) {
        await client.chat.update({ channel, ts: posted.ts, ...message });
        deps.logger.info('query builder: posted to a channel', { channel });
        return;
      }
      // A cloud error is for the person who asked, not the channel: the placeholder goes, the error to the DM.
      await client.chat.delete({ channel, ts: posted.ts });
    }
    await deliver(deps, client, user, destination, message);
  } catch (error) {
    deps.logger.warn('query builder: could not deliver the result', {
      code: slackApiError(error),
      error: errorName(error),
    });
  }
}
