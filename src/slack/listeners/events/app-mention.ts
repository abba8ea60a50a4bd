import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../../query';
import { helpMessage, queryErrorMessage, shortHelpMessage } from '../../../views';
import { accountNames, admit, audit, audited, channelKindOf } from '../../access';
import type { AppDeps } from '../../deps';
import { firstTimeShared } from '../../first-time';
import { firstStateOf, placeholderFor, type RenderedPage, renderPage } from '../../list-sessions';
import { mentionText } from '../../mention-text';
import { answerSoon, postedSurface } from '../../placeholder';
import { postInThread, type ThreadPlace, whisperInThread } from '../../replies';
import { overUserRate } from '../../user-rate';

type MentionArgs = SlackEventMiddlewareArgs<'app_mention'> & AllMiddlewareArgs;

/** Subtypes of a person's own message: a reply also sent to the channel, a message with a file. */
const PERSON_SUBTYPES = new Set(['thread_broadcast', 'file_share']);

/** `@mirrors …` in a channel or thread: the same grammar, answered in the thread for everyone. */
export function appMention(deps: AppDeps) {
  // Slack retries an event it thinks we missed; the same message must not get two answers.
  const firstTime = firstTimeShared(deps.seenOnce, deps.now);

  return async ({ event, client, context }: MentionArgs): Promise<void> => {
    // Other bots (or our own echoes) and edits never get an answer: that is how reply loops start.
    const botUserId = context.botUserId;
    const edited = 'edited' in event && event.edited !== undefined;
    const byBot = event.bot_id !== undefined || (event.subtype !== undefined && !PERSON_SUBTYPES.has(event.subtype));
    if (byBot || edited || !event.user || event.user === botUserId) {
      deps.logger.debug('ignored a mention', {
        channel: event.channel,
        bot: event.bot_id !== undefined,
        subtype: event.subtype,
        edited,
      });
      return;
    }
    if (!(await firstTime(`mention:${event.channel}:${event.ts}`))) {
      deps.logger.info('ignored a repeated mention', { channel: event.channel });
      return;
    }
    const user = event.user;
    const place: ThreadPlace = { channel: event.channel, threadTs: event.thread_ts ?? event.ts };
    const text = mentionText(event.text, botUserId);

    // A bare mention asks what the bot does, even where a default region would make it a valid query. Help is for
    // the person who asked: the thread is an incident's, and everyone else there needs answers, not a manual.
    const helpOptions = { defaultRegion: deps.defaultRegion, regions: deps.regions };
    if (text === '') {
      await whisperInThread(client, place, user, shortHelpMessage(helpOptions), deps.logger);
      return;
    }
    const accounts = accountNames(deps);
    const outcome = parseCommand(text, {
      defaultRegion: deps.defaultRegion,
      regions: deps.regions,
      ...(accounts ? { accounts } : {}),
    });
    const asker = {
      user,
      channel: event.channel,
      channelKind: channelKindOf(event.channel),
      surface: 'mention' as const,
    };
    if (outcome.kind === 'help') {
      await whisperInThread(client, place, user, helpMessage(helpOptions), deps.logger);
      return;
    }
    if (outcome.kind === 'error') {
      deps.logger.info('rejected mention', { codes: outcome.errors.map((e) => e.code) });
      audit(deps, asker, text, null, 'invalid');
      await whisperInThread(
        client,
        place,
        user,
        queryErrorMessage(outcome.errors, {
          commandName: '@mirrors',
          ...(outcome.fix !== undefined ? { fix: outcome.fix } : {}),
        }),
        deps.logger,
      );
      return;
    }
    // Before the rate limit and any cloud call: the refusal is whispered to the asker alone, not the thread.
    const admitted = await admit(deps, asker, outcome.query);
    if (!admitted.ok) {
      await whisperInThread(client, place, user, admitted.message, deps.logger);
      return;
    }
    const refusal = await overUserRate(deps, user);
    if (refusal) {
      await whisperInThread(client, place, user, refusal.message, deps.logger);
      return;
    }
    // A list in a thread is for everyone already: no Share button.
    const state = firstStateOf(admitted.query);
    await answerSoon(
      audited(
        deps,
        asker,
        admitted,
        state,
        renderPage(admitted.deps, state, { shareable: false, brief: true, owner: user }),
      ),
      () => placeholderFor(admitted.deps, state),
      postedSurface(
        client,
        { channel: place.channel, threadTs: place.threadTs },
        deps.logger,
        (rendered: RenderedPage) => rendered.message,
        (rendered) => postInThread(client, place, rendered.message, deps.logger, user),
      ),
      deps.placeholderAfterMs,
    );
  };
}
