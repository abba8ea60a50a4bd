/**
 * `/mirrors watch …`, `/mirrors watches` and `/mirrors unwatch ID`. Everything here is answered on the ack: parsing
 * is pure and the store is local, so the user hears back at once.
 */
import type { AckFn, RespondArguments, SlashCommand } from '@slack/bolt';
import { parseCommand, type QueryError } from '../query';
import { queryErrorMessage } from '../views';
import type { SlackMessage } from '../views/surface';
import { alreadyWatchingMessage, watchCreatedMessage, watchListMessage, watchRemovedMessage } from '../views/watch';
import {
  watchesUnavailableMessage,
  watchIdNeededMessage,
  watchNotFoundMessage,
  watchRefusedMessage,
  watchStoreUnreachableMessage,
} from '../views/watch-replies';
import { WatchStoreUnavailable } from '../watch/store';
import { isWatchId, newWatchId, queryKey, type Watch, watchQueryText } from '../watch/types';
import type { AppDeps } from './deps';
import { sealWatchRemove } from './guard/button-values';
import type { WatchService } from './watches';

const SUBCOMMANDS = ['watch', 'watches', 'unwatch'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

/** The watch subcommand a command's text starts with, and the rest of the text; undefined for any other command. */
export function watchSubcommand(text: string): { name: Subcommand; rest: string } | undefined {
  const match = /^\s*(\S+)(?:\s+([\s\S]*))?$/.exec(text);
  const word = match?.[1]?.toLowerCase();
  const name = SUBCOMMANDS.find((s) => s === word);
  return name && { name, rest: (match?.[2] ?? '').trim() };
}

const ACCOUNT_TERM = /(?:^|\s)(account:\S*)/i;

/** Why a watch cannot be made from this text, in the words of a list's query errors; or the watch's parts. */
function readWatchQuery(
  text: string,
  defaultRegion: string | undefined,
  regions: readonly string[],
): { ok: true; region: string; query: string } | { ok: false; errors: QueryError[] } {
  const account = ACCOUNT_TERM.exec(text)?.[1];
  if (account !== undefined) {
    // Refused rather than ignored: a watch that silently read the default account would report the wrong sessions.
    return {
      ok: false,
      errors: [{ code: 'unknown-key', term: account, rule: 'account: accounts are not configured in this deployment' }],
    };
  }
  const outcome = parseCommand(text, { defaultRegion, regions });
  if (outcome.kind === 'error') return { ok: false, errors: outcome.errors };
  if (outcome.kind === 'help') {
    return {
      ok: false,
      errors: [
        {
          code: 'no-region',
          term: '',
          rule: 'name a region and filters to watch, such as cn-hongkong tag:FinanceDept',
        },
      ],
    };
  }
  const { scope, host } = outcome.query;
  if (scope.kind !== 'region') {
    return {
      ok: false,
      errors: [
        {
          code: scope.kind === 'all' ? 'invalid-value' : 'no-region',
          term: scope.kind === 'all' ? 'all' : '',
          rule: 'a watch covers one region: name it, such as cn-hongkong',
        },
      ],
    };
  }
  if (host !== undefined) {
    // An IP or instance resolves to ENIs that can change under a watch; the ENI itself is what a watch can follow.
    const term = host.kind === 'ip' ? host.ip : host.instanceId;
    return {
      ok: false,
      errors: [{ code: 'invalid-value', term, rule: 'a watch follows sessions, not a host: watch its ENI (eni-…)' }],
    };
  }
  return { ok: true, region: scope.region, query: watchQueryText(outcome.query) };
}

/** A channel's watch list, each Remove button carrying its watch id signed for this team. */
export async function channelWatchList(
  deps: AppDeps,
  watches: WatchService,
  team: string,
  channel: string,
): Promise<SlackMessage> {
  return watchListMessage(await watches.listChannel(team, channel), deps.now(), (id) =>
    sealWatchRemove(deps.codec, id),
  );
}

interface CommandArgs {
  command: SlashCommand;
  ack: AckFn<string | RespondArguments>;
}

const whisper = (message: SlackMessage): RespondArguments => ({ response_type: 'ephemeral', ...message });
// What a channel hears about is the channel's business: creating and removing a watch is said in the open.
const announce = (message: SlackMessage): RespondArguments => ({ response_type: 'in_channel', ...message });

export async function answerWatchCommand(
  deps: AppDeps,
  sub: { name: Subcommand; rest: string },
  args: CommandArgs,
): Promise<void> {
  try {
    await answer(deps, sub, args);
  } catch (error) {
    // Every answer is acked only after the store has been read, so nothing was acked yet. The outage itself is
    // logged once where the connection is kept.
    if (!(error instanceof WatchStoreUnavailable)) throw error;
    await args.ack(whisper(watchStoreUnreachableMessage()));
  }
}

async function answer(deps: AppDeps, sub: { name: Subcommand; rest: string }, { command, ack }: CommandArgs) {
  const watches = deps.watches;
  if (!watches) {
    await ack(whisper(watchesUnavailableMessage()));
    return;
  }
  const team = command.team_id;
  const channel = command.channel_id;

  if (sub.name === 'watches') {
    await ack(whisper(await channelWatchList(deps, watches, team, channel)));
    return;
  }

  if (sub.name === 'unwatch') {
    const id = sub.rest.toLowerCase();
    if (!isWatchId(id)) {
      await ack(whisper(watchIdNeededMessage(sub.rest)));
      return;
    }
    const watch = await watches.get(id);
    // Another channel's watch is answered like an unknown one: ids are not a way to learn what others watch.
    if (!watch || watch.team !== team || watch.channel !== channel || !(await watches.remove(id))) {
      await ack(whisper(watchNotFoundMessage(id)));
      return;
    }
    deps.logger.info('watch removed', { watch: id });
    await ack(announce(watchRemovedMessage(watch)));
    return;
  }

  const read = readWatchQuery(sub.rest, deps.defaultRegion, deps.regions);
  if (!read.ok) {
    deps.logger.info('rejected watch', { codes: read.errors.map((e) => e.code) });
    await ack(whisper(queryErrorMessage(read.errors, { commandName: command.command })));
    return;
  }
  const created = await startWatch(deps, watches, {
    team,
    channel,
    creator: command.user_id,
    region: read.region,
    query: read.query,
  });
  await ack(created.ok ? announce(created.message) : whisper(created.message));
}

/** Who asks for a watch, where, and of what (already checked against the query grammar). */
export interface WatchRequest {
  team: string;
  channel: string;
  creator: string;
  region: string;
  query: string;
}

/**
 * Makes a watch, from the command or a list's "Watch this query". A query the channel already watches is not
 * watched twice; a refusal of the access policy (when one is configured) is said and nothing is made. `ok` says
 * whether the answer is for the channel (a new watch) or for the asker alone.
 */
export async function startWatch(
  deps: AppDeps,
  watches: WatchService,
  request: WatchRequest,
): Promise<{ ok: boolean; message: SlackMessage }> {
  const key = queryKey({ account: undefined, region: request.region, query: request.query });
  const existing = (await watches.listChannel(request.team, request.channel)).find((e) => queryKey(e.watch) === key);
  if (existing) return { ok: false, message: alreadyWatchingMessage(existing.watch) };
  const watch: Watch = {
    id: newWatchId(),
    ...request,
    account: undefined,
    createdAt: deps.now(),
    paused: undefined,
    failureAnnounced: false,
  };
  const refused = await watches.mayCreate(watch);
  if (refused !== undefined) {
    deps.logger.info('watch refused by the access policy', { region: watch.region });
    return { ok: false, message: watchRefusedMessage(refused) };
  }
  await watches.add(watch);
  deps.logger.info('watch created', { watch: watch.id, region: watch.region });
  return { ok: true, message: watchCreatedMessage({ watch, intervalSeconds: watches.intervalSeconds }) };
}
