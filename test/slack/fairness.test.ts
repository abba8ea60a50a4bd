import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/views/action-ids';
import { BUILDER_ACTION, BuilderBlock } from '../../src/views/query-builder';
import { validateMessage } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { commandBody, postSigned } from '../helpers/signed';
import { option, postViewSubmission, type StateValue, watchApi } from '../helpers/signed-views';
import {
  type Bot,
  type BotOptions,
  buttonsOf,
  HK,
  HOOKS,
  SIGNING_SECRET,
  type SlackMessageBody,
  startBot,
  textOf,
} from './harness';

let bot: Bot | undefined;
afterEach(async () => {
  await bot?.stop();
  bot = undefined;
});

async function start(options: BotOptions = {}): Promise<Bot> {
  bot = await startBot(options);
  return bot;
}

interface Api {
  /** Parameters of every call that reached the API, in arrival order. */
  calls: URLSearchParams[];
  /** The most calls that were in flight at one moment. */
  maxInFlight: number;
  /** Calls answered so far. */
  answered: number;
}

/**
 * The Hong Kong VPC API, answering each call after `latencyMs` (and not before `hold` settles) with one session
 * named after the call's tag.
 */
function slowApi(latencyMs: number, times: number, hold: Promise<unknown> = Promise.resolve()): Api {
  const api: Api = { calls: [], maxInFlight: 0, answered: 0 };
  let inFlight = 0;
  nock(HK)
    .get('/')
    .query(true)
    .times(times)
    .reply((uri, _body, callback) => {
      const params = new URL(uri, HK).searchParams;
      api.calls.push(params);
      inFlight += 1;
      api.maxInFlight = Math.max(api.maxInFlight, inFlight);
      const answer = () => {
        inFlight -= 1;
        api.answered += 1;
        const name = `mirror-for-${params.get('Tags.1.Key') ?? 'none'}`;
        callback(null, [
          200,
          JSON.stringify(pageBody([rawSession({ TrafficMirrorSessionName: name })], { NextToken: 'TOKEN-2' })),
          { 'content-type': 'application/json' },
        ]);
      };
      void Promise.all([hold, new Promise((resolve) => setTimeout(resolve, latencyMs))]).then(answer);
    });
  return api;
}

/** Every response_url POST under /fair/, by path. */
function responses(times: number): Map<string, SlackMessageBody> {
  const seen = new Map<string, SlackMessageBody>();
  nock(HOOKS)
    .post(/^\/fair\//)
    .times(times)
    .reply(200, (uri, body) => {
      seen.set(uri, body as SlackMessageBody);
      return { ok: true };
    });
  return seen;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 10) {
    if (waited > 10_000) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function command(target: Bot, text: string, user: string, path: string): Promise<Response> {
  return postSigned(
    target.url,
    commandBody({ text, user_id: user, response_url: `${HOOKS}${path}` }),
    'application/x-www-form-urlencoded',
    { secret: SIGNING_SECRET },
  );
}

describe('fairness: identical questions share one call', () => {
  it('50 people typing the same command at once cost one API call, and all 50 get the list', async () => {
    const target = await start();
    // The API answers only once every command is in (acked, and a moment to reach the cloud layer), however
    // slowly a busy machine lets them arrive: "at once" is then true by construction, not by luck.
    let allIn: () => void = () => undefined;
    const everyoneAsked = new Promise<void>((resolve) => (allIn = resolve));
    const api = slowApi(0, 50, everyoneAsked);
    const replies = responses(50);
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        command(target, 'cn-hongkong tag:FinanceDept', `U0PERSON${i}`, `/fair/${i}`),
      ),
    );
    setTimeout(allIn, 500);
    expect(acks.every((ack) => ack.status === 200)).toBe(true);
    await until(() => replies.size === 50, '50 replies');
    expect(api.calls).toHaveLength(1);
    for (const reply of replies.values()) {
      expect(textOf(reply)).toContain('mirror-for-FinanceDept');
      expect(buttonsOf(reply).has(ActionId.NextPage)).toBe(true);
      expect(validateMessage(reply.blocks as never, 'message')).toEqual([]);
    }
    nock.cleanAll();
  });

  it('different questions are not merged: each gets its own call and its own answer', async () => {
    const target = await start();
    const api = slowApi(300, 4);
    const replies = responses(4);
    await Promise.all([
      command(target, 'cn-hongkong tag:A', 'U0ONE', '/fair/a1'),
      command(target, 'cn-hongkong tag:A', 'U0TWO', '/fair/a2'),
      command(target, 'cn-hongkong tag:B', 'U0THREE', '/fair/b'),
      command(target, 'cn-hongkong tag:A limit:5', 'U0FOUR', '/fair/a5'),
    ]);
    await until(() => replies.size === 4, '4 replies');
    expect(api.calls).toHaveLength(3);
    expect(textOf(replies.get('/fair/a1') ?? {})).toContain('mirror-for-A');
    expect(textOf(replies.get('/fair/a2') ?? {})).toContain('mirror-for-A');
    expect(textOf(replies.get('/fair/b') ?? {})).toContain('mirror-for-B');
    nock.cleanAll();
  });
});

describe('fairness: a process-wide cap on cloud calls', () => {
  it('12 different commands never put more than MIRRORS_CLOUD_CONCURRENCY calls in flight, and all are answered', async () => {
    const target = await start({ cloudConcurrency: 3 });
    const api = slowApi(150, 12);
    const replies = responses(12);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => command(target, `cn-hongkong tag:k${i}`, `U0PERSON${i}`, `/fair/${i}`)),
    );
    await until(() => replies.size === 12, '12 replies');
    expect(api.calls).toHaveLength(12);
    expect(api.maxInFlight).toBe(3);
    for (let i = 0; i < 12; i++) expect(textOf(replies.get(`/fair/${i}`) ?? {})).toContain(`mirror-for-k${i}`);
  });

  it('a request whose time runs out while it waits in line is told it timed out and never reaches the API', async () => {
    const target = await start({ cloudConcurrency: 1, cloudBudgetMs: 5_000, replyBudgetMs: 900 });
    const api = slowApi(2_000, 2);
    const replies = responses(2);
    watchApi('views.open', () => ({ ok: true, view: { id: 'V0DETAILS', hash: 'h' } }));
    watchApi('views.update', () => ({ ok: true }));
    // Details reads the session under the cloud budget alone (5 s here), so it holds the only slot for 2 s.
    await target.click({
      actionId: ActionId.Details,
      value: target.details('cn-hongkong', 'tms-j6cla50buc44ap8tu0001'),
      responseUrl: `${HOOKS}/fair/details`,
    });
    await until(() => api.calls.length === 1, 'the first call');
    await command(target, 'cn-hongkong tag:queued', 'U0TWO', '/fair/queued');
    await until(() => replies.has('/fair/queued'), 'the queued reply');
    // Answered at its own deadline, while the slot was still taken: it did not wait for the slot to come free.
    expect(api.answered).toBe(0);
    const text = textOf(replies.get('/fair/queued') ?? {});
    expect(text).toMatch(/did not answer|timed out|no answer/i);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(api.calls.map((p) => p.get('Tags.1.Key'))).toEqual([null]);
    nock.cleanAll();
  });
});

const RATE = { requests: 2, perMs: 60_000, burst: 2 };

function builderState(): Record<string, Record<string, StateValue>> {
  const text: StateValue = { type: 'plain_text_input', value: null };
  return {
    [BuilderBlock.region]: { [BUILDER_ACTION]: { type: 'static_select', selected_option: option('cn-hongkong') } },
    [BuilderBlock.tagKey]: { [BUILDER_ACTION]: text },
    [BuilderBlock.tagValue]: { [BUILDER_ACTION]: text },
    [BuilderBlock.name]: { [BUILDER_ACTION]: text },
    [BuilderBlock.source]: { [BUILDER_ACTION]: text },
    [BuilderBlock.target]: { [BUILDER_ACTION]: text },
    [BuilderBlock.filter]: { [BUILDER_ACTION]: text },
    [BuilderBlock.enabled]: { [BUILDER_ACTION]: { type: 'static_select', selected_option: option('any') } },
    [BuilderBlock.limit]: { [BUILDER_ACTION]: { type: 'number_input', value: null } },
    [BuilderBlock.destination]: { [BUILDER_ACTION]: { type: 'radio_buttons', selected_option: option('dm') } },
    [BuilderBlock.channel]: { [BUILDER_ACTION]: { type: 'conversations_select', selected_conversation: null } },
  };
}

describe('fairness: a per-user rate limit', () => {
  it('a user over the limit hears it at once on every surface, with no cloud call; others are unaffected', async () => {
    const target = await start({ userRate: RATE });
    const api = slowApi(0, 10);
    const replies = responses(10);

    await command(target, 'cn-hongkong tag:one', 'U0HASTY', '/fair/1');
    await command(target, 'cn-hongkong tag:two', 'U0HASTY', '/fair/2');
    await until(() => replies.size === 2, 'two lists');
    expect(api.calls).toHaveLength(2);
    const next = buttonsOf(replies.get('/fair/1') ?? {}).get(ActionId.NextPage);
    expect(next).toBeDefined();

    // A command: refused on the ack itself, naming the limit and the wait.
    const refused = await command(target, 'cn-hongkong tag:three', 'U0HASTY', '/fair/3');
    const ack = JSON.parse(await refused.text()) as SlackMessageBody;
    expect(ack.response_type).toBe('ephemeral');
    expect(textOf(ack)).toMatch(/limit of 2 requests per minute/);
    expect(textOf(ack)).toMatch(/Try again in \d+ seconds?/);
    expect(validateMessage(ack.blocks as never, 'message')).toEqual([]);

    // A paging button: answered beside the list, which stays.
    await target.click({
      actionId: ActionId.NextPage,
      value: next ?? '',
      responseUrl: `${HOOKS}/fair/next`,
      userId: 'U0HASTY',
    });
    await until(() => replies.has('/fair/next'), 'the click answer');
    const clicked = replies.get('/fair/next') ?? {};
    expect(clicked.replace_original).toBe(false);
    expect(textOf(clicked)).toMatch(/limit of 2 requests per minute/);

    // A mention: a whisper in the thread, to that user only.
    const whisper = watchApi('chat.postEphemeral', () => ({ ok: true }));
    await target.event({
      type: 'app_mention',
      user: 'U0HASTY',
      text: '<@U0BOT> cn-hongkong tag:four',
      channel: 'C0INCIDENT',
      ts: '1732600100.000001',
      event_ts: '1732600100.000001',
    });
    const whispered = await whisper.nth(1);
    expect(whispered.user).toBe('U0HASTY');
    expect(textOf(whispered as SlackMessageBody)).toMatch(/limit of 2 requests per minute/);

    // The query builder: the modal stays open and says why.
    const submitted = await postViewSubmission(target.url, SIGNING_SECRET, {
      callbackId: CallbackId.QueryBuilderModal,
      values: builderState(),
      userId: 'U0HASTY',
    });
    const answer = JSON.parse(await submitted.text()) as { response_action: string; errors: Record<string, string> };
    expect(answer.response_action).toBe('errors');
    expect(answer.errors[BuilderBlock.region]).toMatch(/limit of 2 requests per minute/);

    expect(api.calls).toHaveLength(2);

    // Someone else is not held back by U0HASTY.
    await command(target, 'cn-hongkong tag:other', 'U0CALM', '/fair/other');
    await until(() => replies.has('/fair/other'), "the other user's list");
    expect(textOf(replies.get('/fair/other') ?? {})).toContain('mirror-for-other');
    expect(api.calls).toHaveLength(3);
    nock.cleanAll();
  });
});
