import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionId, CallbackId } from '../../src/views/action-ids';
import { validateMessage, validateView } from '../../src/views/validate';
import { pageBody, rawSession } from '../cloud/helpers';
import { type ApiCall, watchApi } from '../helpers/signed-views';
import { type Bot, captureResponse, HK, startBot, textOf } from './harness';

let bot: Bot;
const ECS_HK = 'https://ecs.cn-hongkong.aliyuncs.com';

/** RAM refuses every optional read here: these tests are about the session's own fields (lookups.test.ts has the rest). */
function denyOptionalReads(): void {
  const denied = (action: string) => ({
    RequestId: 'DENIED-0001',
    Code: 'Forbidden.RAM',
    Message: 'User not authorized to operate on the specified resource.',
    AccessDeniedDetail: { AuthAction: action, NoPermissionType: 'ImplicitDeny' },
  });
  nock(ECS_HK)
    .persist()
    .get('/')
    .query(true)
    .reply(403, (uri) => denied(`ecs:${new URL(uri, ECS_HK).searchParams.get('Action')}`));
  nock(HK)
    .persist()
    .get('/')
    .query((q) => q.Action === 'ListTrafficMirrorFilters')
    .reply(403, denied('vpc:ListTrafficMirrorFilters'));
}

beforeEach(async () => {
  bot = await startBot();
  denyOptionalReads();
});
afterEach(async () => {
  await bot.stop();
});

interface ModalBody {
  type: string;
  callback_id?: string;
  title: { text: string };
  blocks: Array<Record<string, unknown>>;
}

function viewOf(call: ApiCall): ModalBody {
  return call.view as ModalBody;
}

const TAGS = Array.from({ length: 20 }, (_, i) => ({ Key: `key-${i}`, Value: `value-${i}` }));
const SESSION_ID = 'tms-0000000j6cdetail0001';

function detailedSession(): Record<string, unknown> {
  return rawSession({
    TrafficMirrorSessionId: SESSION_ID,
    TrafficMirrorSessionName: 'detail-me <&>',
    Tags: TAGS,
    TrafficMirrorSourceIds: ['eni-0000000j6csource0001', 'eni-0000000j6csource0002'],
    TrafficMirrorTargetId: 'lb-j6ctarget0001',
    TrafficMirrorTargetType: 'SLB',
    TrafficMirrorFilterId: 'tmf-0000000j6cfilter0001',
  });
}

/** views.open answered with a view id and hash, as Slack does. */
function openAnswers(): ReturnType<typeof watchApi> {
  return watchApi('views.open', () => ({ ok: true, view: { id: 'V0DETAILS', hash: '1732600000.abcd' } }));
}

function updateAnswers(): ReturnType<typeof watchApi> {
  return watchApi('views.update', (call) => ({ ok: true, view: { id: call.view_id, hash: '1732600001.efgh' } }));
}

describe('Details', () => {
  it('opens a Loading modal at once, then fills it with every field, all 20 tags and console links', async () => {
    let asked: string | null = null;
    const order: string[] = [];
    nock(HK)
      .get('/')
      .query(true)
      .delay(300)
      .reply(200, (uri) => {
        asked = new URL(uri, HK).searchParams.get('TrafficMirrorSessionIds.1');
        order.push('vpc answered');
        return pageBody([detailedSession()]);
      });
    const opened = watchApi('views.open', () => {
      order.push('modal opened');
      return { ok: true, view: { id: 'V0DETAILS', hash: '1732600000.abcd' } };
    });
    const updated = updateAnswers();

    const response = await bot.click({
      actionId: ActionId.Details,
      value: bot.details('cn-hongkong', SESSION_ID),
      responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d1/btn',
    });
    expect(response.status).toBe(200);

    const open = await opened.nth(1);
    expect(open.trigger_id).toBe('1234.5678.abcd');
    const loading = viewOf(open);
    expect(loading.type).toBe('modal');
    expect(loading.callback_id).toBe(CallbackId.DetailsModal);
    expect(textOf(loading)).toMatch(/Reading `tms-0000000j6cdetail0001` in `cn-hongkong`/);
    expect(validateView({ type: 'modal', blocks: loading.blocks as never })).toEqual([]);

    const update = await updated.nth(1);
    expect(asked).toBe(SESSION_ID);
    // The trigger is spent before the API has answered: a slow API cannot make it expire.
    expect(order).toEqual(['modal opened', 'vpc answered']);
    expect(update.view_id).toBe('V0DETAILS');
    expect(update.hash).toBe('1732600000.abcd');
    const modal = viewOf(update);
    expect(modal.type).toBe('modal');
    expect(modal.title.text.length).toBeLessThanOrEqual(24);
    expect(validateView({ type: 'modal', blocks: modal.blocks as never })).toEqual([]);
    const text = textOf(modal);
    expect(text).toContain('detail-me &lt;&amp;&gt;');
    expect(text).not.toContain('detail-me <&>');
    for (const tag of TAGS) {
      expect(text).toContain(`\`${tag.Key}\``);
      expect(text).toContain(`\`${tag.Value}\``);
    }
    expect(text).toContain('https://vpc.console.aliyun.com/traffic-mirror/cn-hongkong/sessions');
    expect(text).toContain(
      'https://ecs.console.aliyun.com/networkInterfaces/region/cn-hongkong/detail/eni-0000000j6csource0001',
    );
    expect(text).toContain(
      'https://ecs.console.aliyun.com/networkInterfaces/region/cn-hongkong/detail/eni-0000000j6csource0002',
    );
    expect(text).toContain('https://slb.console.aliyun.com/slb/cn-hongkong/slbs/lb-j6ctarget0001');
    expect(text).toContain('https://vpc.console.aliyun.com/traffic-mirror/cn-hongkong/filters');
    expect(text).toContain('tmf-0000000j6cfilter0001');
  });

  it('says the session no longer exists when it was deleted since the list was drawn', async () => {
    nock(HK).get('/').query(true).reply(200, pageBody([]));
    openAnswers();
    const updated = updateAnswers();
    await bot.click({
      actionId: ActionId.Details,
      value: bot.details('cn-hongkong', 'tms-000000000j6cgone0001'),
      responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d2/btn',
    });
    const modal = viewOf(await updated.nth(1));
    expect(textOf(modal)).toContain(
      '`tms-000000000j6cgone0001` no longer exists in `cn-hongkong` (deleted since this list was drawn)',
    );
    expect(validateView({ type: 'modal', blocks: modal.blocks as never })).toEqual([]);
  });

  it("shows a cloud error in the modal, in the bot's own words", async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(403, {
        RequestId: 'R-DETAILS-RAM',
        Code: 'Forbidden.RAM',
        Message: 'denied https://vpc.aliyuncs.com/?AccessKeyId=LTAI5tSECRET',
        AccessDeniedDetail: { AuthAction: 'vpc:ListTrafficMirrorSessions' },
      });
    openAnswers();
    const updated = updateAnswers();
    await bot.click({
      actionId: ActionId.Details,
      value: bot.details('cn-hongkong', SESSION_ID),
      responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d3/btn',
    });
    const modal = viewOf(await updated.nth(1));
    const text = textOf(modal);
    expect(text).toMatch(/isn't allowed to list traffic mirror sessions/);
    expect(text).toContain('vpc:ListTrafficMirrorSessions');
    expect(text).toContain('R-DETAILS-RAM');
    expect(text).toMatch(/click \*Details\* again/);
    expect(text).not.toContain('LTAI5tSECRET');
    expect(validateView({ type: 'modal', blocks: modal.blocks as never })).toEqual([]);
  });

  it('answers beside the list when the trigger has expired and the modal cannot open', async () => {
    nock(HK)
      .get('/')
      .query(true)
      .reply(200, pageBody([detailedSession()]));
    const opened = watchApi('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));
    const reply = captureResponse('/actions/T0MIRRORS/d4/btn');
    await bot.click({
      actionId: ActionId.Details,
      value: bot.details('cn-hongkong', SESSION_ID),
      responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d4/btn',
    });
    const message = await reply;
    expect(opened.calls).toHaveLength(1);
    expect(message.replace_original).toBe(false);
    expect(message.response_type).toBe('ephemeral');
    const text = textOf(message);
    expect(text).toContain('detail-me');
    for (const tag of TAGS) expect(text).toContain(tag.Key);
    expect(validateMessage(message.blocks as never, 'message')).toEqual([]);
    expect(bot.lines.join('\n')).toMatch(/expired_trigger_id/);
  });

  it('says so beside the list when the session is gone and the modal cannot open', async () => {
    nock(HK).get('/').query(true).reply(200, pageBody([]));
    watchApi('views.open', () => ({ ok: false, error: 'expired_trigger_id' }));
    const reply = captureResponse('/actions/T0MIRRORS/d5/btn');
    await bot.click({
      actionId: ActionId.Details,
      value: bot.details('cn-hongkong', 'tms-000000000j6cgone0002'),
      responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d5/btn',
    });
    expect(textOf(await reply)).toMatch(/tms-000000000j6cgone0002.*no longer exists/);
  });

  it('refuses a value that is not region/session, without calling the API or opening a modal', async () => {
    const opened = watchApi('views.open', () => ({ ok: true, view: { id: 'V0X', hash: 'h' } }));
    const reply = captureResponse('/actions/T0MIRRORS/d6/btn');
    await bot.click({
      actionId: ActionId.Details,
      value: 'https://evil.example/x',
      responseUrl: 'https://hooks.slack.com/actions/T0MIRRORS/d6/btn',
    });
    expect(textOf(await reply)).toMatch(/isn't valid/);
    expect(opened.calls).toHaveLength(0);
  });
});
