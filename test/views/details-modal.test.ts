import { describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import { CallbackId } from '../../src/views/action-ids';
import {
  eniConsoleUrl,
  filtersConsoleUrl,
  sessionConsoleLinks,
  sessionsConsoleUrl,
  slbConsoleUrl,
  targetConsoleUrl,
} from '../../src/views/console-links';
import { cloudErrorModalBlocks, internalErrorMessage } from '../../src/views/errors';
import { MODAL_TITLE_MAX } from '../../src/views/limits';
import {
  detailsLoadingModal,
  detailsProblemModal,
  sessionDetailsModal,
  sessionGoneModal,
} from '../../src/views/session-details';
import type { ModalSurface } from '../../src/views/surface';
import { escapeMrkdwn } from '../../src/views/text';
import { validateView } from '../../src/views/validate';
import { allText, NOW, session, worstSession } from './fixtures';

function expectValidModal(view: ModalSurface): void {
  expect(view.type).toBe('modal');
  expect(view.callback_id).toBe(CallbackId.DetailsModal);
  expect(view.title.text.length).toBeLessThanOrEqual(MODAL_TITLE_MAX);
  expect(view.close?.text.length ?? 0).toBeLessThanOrEqual(MODAL_TITLE_MAX);
  expect(validateView(view)).toEqual([]);
}

describe('console links', () => {
  it('builds the session and filter list pages and the ENI and SLB pages of a region', () => {
    expect(sessionsConsoleUrl('cn-hongkong')).toBe(
      'https://vpc.console.aliyun.com/traffic-mirror/cn-hongkong/sessions',
    );
    expect(filtersConsoleUrl('cn-hongkong')).toBe('https://vpc.console.aliyun.com/traffic-mirror/cn-hongkong/filters');
    expect(eniConsoleUrl('cn-hongkong', 'eni-0000000000000000j6c1')).toBe(
      'https://ecs.console.aliyun.com/networkInterfaces/region/cn-hongkong/detail/eni-0000000000000000j6c1',
    );
    expect(slbConsoleUrl('cn-hongkong', 'lb-0000j6c1')).toBe(
      'https://slb.console.aliyun.com/slb/cn-hongkong/slbs/lb-0000j6c1',
    );
  });

  it('uses the international console domain when asked, with the same paths', () => {
    expect(sessionsConsoleUrl('ap-southeast-1', 'alibabacloud')).toBe(
      'https://vpc.console.alibabacloud.com/traffic-mirror/ap-southeast-1/sessions',
    );
    expect(eniConsoleUrl('ap-southeast-1', 'eni-0000000000000000000x', 'alibabacloud')).toBe(
      'https://ecs.console.alibabacloud.com/networkInterfaces/region/ap-southeast-1/detail/eni-0000000000000000000x',
    );
  });

  it('links a target by its type, or by its id prefix for a type it does not know, and not at all otherwise', () => {
    expect(targetConsoleUrl('r', 'eni-00000000000000000001', 'NetworkInterface')).toContain('/networkInterfaces/');
    expect(targetConsoleUrl('r', 'lb-00000001', 'SLB')).toContain('/slbs/lb-00000001');
    expect(targetConsoleUrl('r', 'lb-00000001', 'SomethingNew')).toContain('/slbs/lb-00000001');
    expect(targetConsoleUrl('r', 'gwlbe-1', 'GatewayLoadBalancerEndpoint')).toBeUndefined();
    expect(targetConsoleUrl('r', '', 'NetworkInterface')).toBeUndefined();
  });

  it('encodes ids, so cloud text cannot change the path or break a mrkdwn link', () => {
    const url = eniConsoleUrl('cn-hongkong', 'eni-0000000000000000000a/../b|c>d?e');
    expect(url).toBe(
      'https://ecs.console.aliyun.com/networkInterfaces/region/cn-hongkong/detail/eni-0000000000000000000a%2F..%2Fb%7Cc%3Ed%3Fe',
    );
    expect(url).not.toMatch(/[|<>]/);
  });

  it('gathers every link of a session', () => {
    const links = sessionConsoleLinks(
      'cn-hongkong',
      session({ sourceIds: ['eni-0000000000000000000a', 'eni-0000000000000000000b'], filterId: '' }),
    );
    expect(links.sources.map((s) => s.id)).toEqual(['eni-0000000000000000000a', 'eni-0000000000000000000b']);
    expect(links.filter).toBeUndefined();
    expect(links.target).toContain('/networkInterfaces/');
  });
});

describe('sessionDetailsModal', () => {
  it('shows every field of a session, with console links', () => {
    const s = session({ name: 'db mirror', sourceIds: ['eni-0000000000000000src1', 'eni-0000000000000000src2'] });
    const view = sessionDetailsModal({ session: s, region: 'cn-hongkong', now: NOW });
    expectValidModal(view);
    const text = allText(view.blocks);
    expect(text).toContain('db mirror');
    expect(text).toContain(s.id);
    expect(text).toContain(':large_green_circle: Mirroring');
    expect(text).toContain('Created');
    expect(text).not.toMatch(/Enabled|Normal/);
    expect(text).toContain('*Priority*\n1');
    expect(text).toContain('*VNI*\n10');
    expect(text).toContain('*Packet length*\n1500 bytes');
    expect(text).toContain('*Resource group*\n`rg-bp67acfmxazb4ph1234`');
    expect(text).toContain('3 days ago');
    expect(text).toContain('This is a session.');
    expect(text).toContain('`FinanceDept` = `FinanceJoshua`');
    expect(text).toContain(`<${sessionsConsoleUrl('cn-hongkong')}|`);
    expect(text).toContain(`<${eniConsoleUrl('cn-hongkong', 'eni-0000000000000000src1')}|console>`);
    expect(text).toContain(`<${eniConsoleUrl('cn-hongkong', 'eni-0000000000000000src2')}|console>`);
    expect(text).toContain(`<${eniConsoleUrl('cn-hongkong', s.targetId)}|console>`);
    expect(text).toContain(`<${filtersConsoleUrl('cn-hongkong')}|filters (console)>`);
    expect(text).toContain(`/mirrors cn-hongkong id:${s.id}`);
    // Sources read before the target: traffic flows from them to it.
    expect(text.indexOf('*From*')).toBeLessThan(text.indexOf('*To*'));
  });

  it('lists all 20 tags of a worst-case session in full, escaped, within every limit', () => {
    for (let n = 0; n < 6; n += 1) {
      const s = worstSession(n);
      const view = sessionDetailsModal({ session: s, region: 'cn-hongkong', now: NOW });
      expectValidModal(view);
      const text = allText(view.blocks);
      expect(text).toContain('*Tags* (20)');
      for (const tag of s.tags) {
        expect(text).toContain(`\`${escapeMrkdwn(tag.key)}\``);
        expect(text).toContain(`\`${escapeMrkdwn(tag.value)}\``);
      }
      for (const id of s.sourceIds) expect(text).toContain(id);
      expect(text).not.toContain('<script>');
      expect(text).toContain(slbConsoleUrl('cn-hongkong', s.targetId));
    }
  });

  it('says when a tag has an empty value', () => {
    const view = sessionDetailsModal({
      session: session({ tags: [{ key: 'flag', value: '' }] }),
      region: 'r',
      now: NOW,
    });
    expect(allText(view.blocks)).toContain('`flag` _(empty value)_');
  });

  it('stays within 100 blocks with an absurd number of sources, counting the ones it cannot show', () => {
    const sources = Array.from({ length: 3000 }, (_, i) => `eni-${String(i).padStart(24, 'x')}`);
    const view = sessionDetailsModal({
      session: { ...worstSession(1), sourceIds: sources },
      region: 'cn-hongkong',
      now: NOW,
    });
    expectValidModal(view);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view).length).toBeLessThan(150_000);
    expect(allText(view.blocks)).toMatch(/…and \d+ more/);
    expect(allText(view.blocks)).toContain('*Tags* (20)');
  });

  it('copes with a session that has nothing optional', () => {
    const bare = session({
      name: '',
      description: '',
      tags: [],
      sourceIds: [],
      targetId: '',
      targetType: '',
      filterId: '',
      resourceGroupId: '',
      priority: undefined,
      vni: undefined,
      packetLength: undefined,
      createdAt: undefined,
      creationTimeRaw: '',
    });
    const view = sessionDetailsModal({ session: bare, region: 'cn-hongkong', now: NOW });
    expectValidModal(view);
    const text = allText(view.blocks);
    expect(text).toContain('*From* _no source ENIs_');
    expect(text).toContain('*To* _none_');
    expect(text).toContain('*Tags* _none_');
    expect(text).toContain('_not set_');
  });
});

describe('the other Details modals', () => {
  it('Loading names the session and region', () => {
    const view = detailsLoadingModal('tms-00000000000000000abc', 'cn-hongkong');
    expectValidModal(view);
    expect(allText(view.blocks)).toContain('Reading `tms-00000000000000000abc` in `cn-hongkong`');
  });

  it('a deleted session says so in those words', () => {
    const view = sessionGoneModal('tms-0000000000000000gone', 'cn-hongkong');
    expectValidModal(view);
    expect(allText(view.blocks)).toContain(
      '`tms-0000000000000000gone` no longer exists in `cn-hongkong` (deleted since this list was drawn)',
    );
  });

  it('every cloud error and the internal error fit a modal, with no button and no leaked message', () => {
    for (const code of Object.values(CloudErrorCode)) {
      const error = new CloudError(code, 'https://vpc.aliyuncs.com/?AccessKeyId=LTAI5tSECRET', {
        region: 'cn-hongkong',
        requestId: 'R-1',
        apiCode: 'X.Y',
        httpStatus: 500,
        attempts: 3,
      });
      const view = detailsProblemModal(
        cloudErrorModalBlocks(error, 'Close this and click *Details* again to try again.'),
      );
      expectValidModal(view);
      expect(view.blocks.some((b) => b.type === 'actions')).toBe(false);
      const text = allText(view.blocks);
      expect(text).not.toContain('LTAI5tSECRET');
      expect(text).toContain('click *Details* again');
    }
    expectValidModal(detailsProblemModal(internalErrorMessage('abcd1234').blocks));
  });
});
