import type { Button, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { CloudError, CloudErrorCode } from '../../src/cloud/errors';
import type { QueryError } from '../../src/query/types';
import { ActionId } from '../../src/views/action-ids';
import {
  buttonStateMessage,
  cloudErrorMessage,
  expiredButtonMessage,
  internalErrorMessage,
  queryErrorMessage,
  shortCloudErrorText,
  tamperedButtonMessage,
} from '../../src/views/errors';
import { validateMessage } from '../../src/views/validate';
import { allText } from './fixtures';

function buttons(blocks: KnownBlock[]): Button[] {
  return blocks.flatMap((b) =>
    b.type === 'actions' ? b.elements.filter((e): e is Button => e.type === 'button') : [],
  );
}

const SECRET_MESSAGE =
  'Forbidden.RAM: GET https://vpc.cn-hongkong.aliyuncs.com/?AccessKeyId=LTAI5tSECRETKEY123&SecurityToken=CAIStoken&Signature=abc';

describe('queryErrorMessage', () => {
  it('quotes each bad term escaped in a code span, states its rule and suggests a key', () => {
    const errors: QueryError[] = [
      {
        code: 'unknown-key',
        term: 'targt:eni-00000000000000000001',
        rule: 'targt: is not a key',
        suggestion: 'target:',
      },
      { code: 'invalid-value', term: 'vni:<script>&', rule: 'vni: must be an integer from 0 to 16777215' },
    ];
    const msg = queryErrorMessage(errors);
    expect(validateMessage(msg.blocks, 'message')).toEqual([]);
    const text = allText(msg.blocks);
    expect(text).toContain('`targt:eni-00000000000000000001`');
    // The likely fix before the rule: it is what the reader wants first.
    expect(text).toContain('`targt:eni-00000000000000000001` — did you mean `target:`? targt: is not a key');
    expect(text).toContain('`vni:&lt;script&gt;&amp;`');
    expect(text).toContain('vni: must be an integer from 0 to 16777215');
    expect(text).toContain('`/mirrors help`');
    expect(text).not.toContain('<script>');
    expect(msg.text).not.toMatch(/[<>]/);
  });

  it('opens with the whole corrected command to copy, when there is one', () => {
    const errors: QueryError[] = [
      {
        code: 'unknown-term',
        term: 'Dept',
        rule: 'a tag: value with spaces needs quotes',
        suggestion: 'tag:"Finance Dept"',
      },
    ];
    const msg = queryErrorMessage(errors, { fix: 'cn-hongkong tag:"Finance Dept"' });
    expect(validateMessage(msg.blocks, 'message')).toEqual([]);
    const text = allText(msg.blocks);
    expect(text.indexOf('Did you mean `/mirrors cn-hongkong tag:"Finance Dept"`?')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('Did you mean `/mirrors')).toBeLessThan(text.indexOf("I couldn't run"));
    expect(msg.text).toContain('Did you mean /mirrors cn-hongkong tag:"Finance Dept"?');
  });

  it('handles a missing region (no term) and stays valid with hundreds of long errors', () => {
    const noRegion = queryErrorMessage([{ code: 'no-region', term: '', rule: 'name a region, e.g. cn-hongkong' }]);
    expect(allText(noRegion.blocks)).toContain('name a region, e.g. cn-hongkong');
    const many: QueryError[] = Array.from({ length: 300 }, (_, i) => ({
      code: 'invalid-value',
      term: `x${i}:${'&'.repeat(2000)}`,
      rule: 'r'.repeat(2000),
      suggestion: 's'.repeat(500),
    }));
    const msg = queryErrorMessage(many);
    expect(validateMessage(msg.blocks, 'message')).toEqual([]);
    expect(allText(msg.blocks)).toContain('more problems');
  });

  it('uses the command name it is given', () => {
    expect(allText(queryErrorMessage([], { commandName: '/mirrors-dev' }).blocks)).toContain('`/mirrors-dev help`');
  });
});

describe('cloudErrorMessage', () => {
  const all = Object.values(CloudErrorCode);

  it('has a valid explanation for every code, never leaking error.message', () => {
    for (const code of all) {
      const error = new CloudError(code, SECRET_MESSAGE, {
        region: 'cn-hongkong',
        requestId: '739CA01C-92EB-4C69-BCC0-280149C6F41E',
        apiCode: 'Some.Code',
        attempts: 3,
        httpStatus: 503,
      });
      const msg = cloudErrorMessage(error, { startOverValue: 'start' });
      expect(validateMessage(msg.blocks, 'message'), code).toEqual([]);
      const everything = `${msg.text}\n${allText(msg.blocks)}`;
      expect(everything).not.toContain('AccessKeyId');
      expect(everything).not.toContain('LTAI5tSECRETKEY123');
      expect(everything).not.toContain('https://');
      expect(everything).not.toContain('CAIStoken');
      expect(shortCloudErrorText(error)).not.toContain('LTAI5t');
      // Small print with the RequestId.
      const context = msg.blocks.find((b) => b.type === 'context');
      expect(allText(context)).toContain('RequestId `739CA01C-92EB-4C69-BCC0-280149C6F41E`');
    }
  });

  it('names the RAM action to grant and says ask your cloud admin', () => {
    const msg = cloudErrorMessage(
      new CloudError(CloudErrorCode.PermissionDenied, SECRET_MESSAGE, {
        action: 'vpc:ListTrafficMirrorSessions',
        region: 'cn-hongkong',
      }),
    );
    const text = allText(msg.blocks);
    expect(text).toContain('`vpc:ListTrafficMirrorSessions`');
    expect(text).toContain('ask your cloud admin');
    expect(msg.text).toContain('vpc:ListTrafficMirrorSessions');
    // Without an action in the details, the list action is named anyway.
    expect(allText(cloudErrorMessage(new CloudError(CloudErrorCode.PermissionDenied, 'x')).blocks)).toContain(
      'vpc:ListTrafficMirrorSessions',
    );
  });

  it('offers Start over on BadNextToken only when a value is given', () => {
    const error = new CloudError(CloudErrorCode.BadNextToken, SECRET_MESSAGE, { apiCode: 'IllegalParam.NextToken' });
    const msg = cloudErrorMessage(error, { startOverValue: 'signed-start' });
    expect(allText(msg.blocks)).toContain('This page link has expired or is no longer valid');
    const [start] = buttons(msg.blocks);
    expect(start?.action_id).toBe(ActionId.StartOver);
    expect(start?.value).toBe('signed-start');
    expect(start?.text.text).toBe('Start over');
    expect(buttons(cloudErrorMessage(error).blocks)).toEqual([]);
    // No Start over on other errors.
    expect(
      buttons(cloudErrorMessage(new CloudError(CloudErrorCode.Timeout, 'x'), { startOverValue: 's' }).blocks),
    ).toEqual([]);
  });

  it('names the unknown region, escaped', () => {
    const msg = cloudErrorMessage(new CloudError(CloudErrorCode.UnknownRegion, 'x', { region: 'cn-<nowhere>' }));
    expect(allText(msg.blocks)).toContain('`cn-&lt;nowhere&gt;`');
    expect(msg.text).toContain('cn-&lt;nowhere&gt;');
  });

  it('says try again in a minute, with the attempts, for transient errors', () => {
    for (const code of [
      CloudErrorCode.Throttled,
      CloudErrorCode.Unavailable,
      CloudErrorCode.Timeout,
      CloudErrorCode.Network,
    ]) {
      const text = allText(cloudErrorMessage(new CloudError(code, 'x', { attempts: 4 })).blocks);
      expect(text, code).toContain('try again in a minute');
      expect(text, code).toContain('after 4 attempts');
    }
  });

  it('points credential problems at the admin', () => {
    for (const code of [CloudErrorCode.BadCredentials, CloudErrorCode.NoCredentials]) {
      const text = allText(cloudErrorMessage(new CloudError(code, SECRET_MESSAGE)).blocks);
      expect(text).toContain('the admin who runs the bot');
      expect(text).toContain('ALIBABA_CLOUD_');
    }
  });

  it('has no small print when there are no details', () => {
    const msg = cloudErrorMessage(new CloudError(CloudErrorCode.Network, 'x'));
    expect(msg.blocks.some((b) => b.type === 'context')).toBe(false);
  });
});

describe('button state and internal errors', () => {
  it('expired and tampered buttons say so and offer the command again', () => {
    const expired = expiredButtonMessage({ canonicalText: 'cn-hongkong tag:FinanceDept' });
    expect(allText(expired.blocks)).toContain('expired');
    expect(allText(expired.blocks)).toContain('`/mirrors cn-hongkong tag:FinanceDept`');
    const tampered = tamperedButtonMessage({ canonicalText: '/mirrors cn-hongkong name:"<x>"' });
    expect(allText(tampered.blocks)).toContain("isn't valid");
    expect(allText(tampered.blocks)).toContain('`/mirrors cn-hongkong name:"&lt;x&gt;"`');
    expect(allText(expiredButtonMessage().blocks)).toContain('Run `/mirrors` again');
    for (const msg of [expired, tampered, expiredButtonMessage(), tamperedButtonMessage()]) {
      expect(validateMessage(msg.blocks, 'message')).toEqual([]);
    }
  });

  it('buttonStateMessage maps the codec reasons', () => {
    expect(buttonStateMessage('expired').text).toBe(expiredButtonMessage().text);
    expect(buttonStateMessage('evicted').text).toBe(expiredButtonMessage().text);
    expect(buttonStateMessage('tampered').text).toBe(tamperedButtonMessage().text);
    expect(buttonStateMessage('malformed').text).toBe(tamperedButtonMessage().text);
  });

  it('internal errors give a reference', () => {
    const msg = internalErrorMessage('ab12cd34');
    expect(allText(msg.blocks)).toContain('Something went wrong on our side (ref `ab12cd34`)');
    expect(msg.text).toContain('ab12cd34');
    expect(validateMessage(msg.blocks, 'message')).toEqual([]);
  });
});

describe('code spans', () => {
  it('cannot be closed early by a backtick in what the user typed', async () => {
    const { queryErrorMessage: render } = await import('../../src/views/errors');
    const msg = render([{ code: 'unknown-key', term: 'tagg`x*bold*`:1', rule: '`tagg`x:` is not a key' }]);
    const text = JSON.stringify(msg.blocks);
    expect(text).toContain('tagg\u02cbx*bold*\u02cb:1');
  });
});
