import { describe, expect, it } from 'vitest';
import { parseAliyunArgv } from './aliyun-cli';

const LIST = ['vpc', 'ListTrafficMirrorSessions'];

/** The model reproduces what the aliyun CLI's own parser did with the lines the bot printed before (the review). */
describe('the aliyun CLI argv model', () => {
  it('reads a value after its flag as a flag when it starts with -', () => {
    const quiet = parseAliyunArgv([...LIST, '--Tags.1.Key', 'env', '--Tags.1.Value', '-q', '--MaxResults', '10']);
    expect(quiet.params['Tags.1.Value']).toBe('');
    expect(quiet.root.quiet).toBe('');
    expect(parseAliyunArgv([...LIST, '--Tags.1.Value', '-prod']).params['Tags.1.Value']).toBe('');
    expect(parseAliyunArgv([...LIST, '--TrafficMirrorSessionName', '--foo']).params).toStrictEqual({
      TrafficMirrorSessionName: '',
      foo: '',
    });
    expect(() => parseAliyunArgv([...LIST, '--Tags.1.Value', '-e', '--MaxResults', '10'])).toThrow(
      '--endpoint must be assigned with value',
    );
    expect(parseAliyunArgv([...LIST, '--Tags.1.Value', '-p', 'x']).root.profile).toBe('x');
  });

  it('splits one word at its first = or :, and keeps --- words as values', () => {
    const run = parseAliyunArgv([
      ...LIST,
      '--Tags.1.Value=-q',
      '--Tags.2.Key=a:b=c',
      '--TrafficMirrorSessionName',
      '---x',
    ]);
    expect(run.params).toStrictEqual({ 'Tags.1.Value': '-q', 'Tags.2.Key': 'a:b=c', TrafficMirrorSessionName: '---x' });
    expect(run.root).toStrictEqual({});
  });

  it('leaves an empty --Flag= waiting for a value that is not a flag', () => {
    expect(parseAliyunArgv([...LIST, '--Tags.1.Value=', '--MaxResults=10']).params).toStrictEqual({
      'Tags.1.Value': '',
      MaxResults: '10',
    });
    expect(parseAliyunArgv([...LIST, '--Tags.1.Value=', 'oops']).params['Tags.1.Value']).toBe('oops');
  });

  it('has a profile region only from --region, and copies --RegionId into the request', () => {
    expect(parseAliyunArgv([...LIST, '--RegionId', 'cn-hongkong']).profileRegion).toBeUndefined();
    const run = parseAliyunArgv([...LIST, '--region', 'cn-hongkong', '--RegionId=cn-hongkong']);
    expect(run.profileRegion).toBe('cn-hongkong');
    expect(run.params).toStrictEqual({ RegionId: 'cn-hongkong' });
  });

  it('feeds every following value to the pager, and refuses a flag given twice', () => {
    expect(parseAliyunArgv([...LIST, '--pager', 'path=TrafficMirrorSessions']).root.pager).toBe(
      'path=TrafficMirrorSessions',
    );
    expect(() => parseAliyunArgv([...LIST, '--Priority=1', '--Priority=2'])).toThrow('--Priority duplicated');
  });
});
