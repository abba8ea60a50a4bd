/**
 * `/mirrors watch …`, `/mirrors watches` and `/mirrors unwatch ID`. Everything here is answered on the ack: parsing
 * is pure and the store is local, so the user hears back at once.
 */
import type { AckFn, RespondArguments, SlashCommand } from '@slack/bolt';
import { DEFAULT_ACCOUNT_NAME, defaultAccount } from '../accounts/model';
import { parseCommand, type QueryError } from '../query';
import type { MirrorQuery } from '../query/types';
import { queryErrorMessage, unknownAccountMessage } from '../views';
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
import { isWatchId, newWatchId, queryKey, storedQueryText, type Watch } from '../watch/types';
import { accountNames, audit, channelKindOf } from './access';
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

/** Why a watch cannot be made from this text, in the words of a list's query errors; or the watch's parts. */
function readWatchQuery(
  text: string,
  deps: AppDeps,
): { ok: true; region: string; query: MirrorQuery } | { ok: false; errors: QueryError[] } {
  const accounts = accountNames(deps);
  const outcome = parseCommand(text, {
    defaultRegion: deps.defaultRegion,
    regions: deps.regions,
    ...(accounts ? { accounts } : {}),
  });
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
  return { ok: true, region: scope.region, query: outcome.query };
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

  const read = readWatchQuery(sub.rest, deps);
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
  /** The query as parsed; its `account:` (or the default account) becomes the watch's account. */
  query: MirrorQuery;
}

/**
 * The account a watch polls, written down when it is made: the one the query names, or, with several accounts,
 * the default account by name, so a later change of default does not move the watch to other sessions. With one
 * account, undefined (the default). `unknown` for a name this bot does not have.
 */
function watchAccount(deps: AppDeps, query: MirrorQuery): { known: boolean; account: string | undefined } {
  const config = deps.accounts?.config;
  const named = query.account;
  if (!config) return { known: named === undefined || named === DEFAULT_ACCOUNT_NAME, account: undefined };
  const account = named ?? defaultAccount(config).name;
  if (!config.accounts.some((a) => a.name === account)) return { known: false, account: named };
  return { known: true, account: config.accounts.length > 1 ? account : undefined };
}

/**
 * Makes a watch, from the command or a list's "Watch this query". A query the channel already watches is not
 * watched twice; a refusal of the access policy (for the creator in this channel, when one is configured) is said
 * and nothing is made. `ok` says whether the answer is for the channel (a new watch) or for the asker alone. Both
 * outcomes are audited (surface `watch`).
 */
export async function startWatch(
  deps: AppDeps,
  watches: WatchService,
  request: WatchRequest,
): Promise<{ ok: boolean; message: SlackMessage }> {
  const asker = {
    user: request.creator,
    channel: request.channel,
    channelKind: channelKindOf(request.channel),
    surface: 'watch' as const,
  };
  const { known, account } = watchAccount(deps, request.query);
  if (!known) {
    audit(deps, asker, request.query, request.region, 'invalid');
    return { ok: false, message: unknownAccountMessage(request.query.account ?? DEFAULT_ACCOUNT_NAME) };
  }
  const target = { account, region: request.region, query: storedQueryText(request.query) };
  const key = queryKey(target);
  const existing = (await watches.listChannel(request.team, request.channel)).find((e) => queryKey(e.watch) === key);
  if (existing) return { ok: false, message: alreadyWatchingMessage(existing.watch) };
  const watch: Watch = {
    id: newWatchId(),
    team: request.team,
    channel: request.channel,
    creator: request.creator,
    ...target,
    createdAt: deps.now(),
    paused: undefined,
    failureAnnounced: false,
  };
  const refused = await watches.mayCreate(watch);
  if (refused !== undefined) {
    deps.logger.info('watch refused by the access policy', { region: watch.region });
    audit(deps, asker, request.query, request.region, 'denied');
    return { ok: false, message: watchRefusedMessage(refused) };
  }
  await watches.add(watch);
  deps.logger.info('watch created', { watch: watch.id, region: watch.region });
  audit(deps, asker, request.query, request.region, 'ok');
  return { ok: true, message: watchCreatedMessage({ watch, intervalSeconds: watches.intervalSeconds }) };
}
