import { OpenApiUtil } from '@alicloud/openapi-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, computeSignature, percentEncode, signRpcParams, stringToSign } from '../../../src/sandbox/vpc';
import { parseRpcTimestamp } from '../../../src/sandbox/vpc/signature';

describe('signature V1', () => {
  it('reproduces Alibaba’s documented example', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(stringToSign('GET', params)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(computeSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    // Signature itself is never part of what is signed.
    expect(computeSignature('GET', { ...params, Signature: 'whatever' }, 'testsecret')).toBe(
      'OLeaidS1JvxuMvnyHOwuJ+uX5qY=',
    );
  });

  it('percent-encodes the characters encodeURIComponent leaves alone', () => {
    expect(percentEncode("a!b'c(d)e*f~g h/é")).toBe('a%21b%27c%28d%29e%2Af~g%20h%2F%C3%A9');
    expect(canonicalQuery({ b: '2', a: '1', 'Tags.1.Key': 'x y' })).toBe('Tags.1.Key=x%20y&a=1&b=2');
  });

  it('agrees with the official SDK’s own V1 signer on any parameters and either method', () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,20}$/);
    fc.assert(
      fc.property(
        fc.dictionary(key, fc.string({ unit: 'grapheme', maxLength: 30 }), { noNullPrototype: true }),
        fc.constantFrom('GET', 'POST'),
        fc.string({ minLength: 1, maxLength: 20 }),
        (params, method, secret) => {
          expect(computeSignature(method, params, secret)).toBe(OpenApiUtil.getRPCSignature(params, method, secret));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('signRpcParams adds the common parameters and a signature', () => {
    const signed = signRpcParams(
      'POST',
      { Action: 'ListTrafficMirrorSessions', RegionId: 'cn-hongkong' },
      { accessKeyId: 'id', accessKeySecret: 's' },
      { timestamp: '2026-01-01T00:00:00Z', nonce: 'n' },
    );
    expect(signed).toMatchObject({
      Format: 'JSON',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: 'n',
      AccessKeyId: 'id',
    });
    const { Signature, ...rest } = signed;
    expect(Signature).toBe(computeSignature('POST', rest, 's'));
  });

  it('parses only well-formed UTC timestamps', () => {
    expect(parseRpcTimestamp('2016-02-23T12:46:24Z')).toBe(Date.UTC(2016, 1, 23, 12, 46, 24));
    expect(parseRpcTimestamp('2016-02-23T12:46:24.123Z')).toBe(Date.UTC(2016, 1, 23, 12, 46, 24));
    for (const bad of ['2016-02-30T12:46:24Z', '2016-02-23 12:46:24', '2016-02-23T12:46:24+08:00', '', 'now'])
      expect(parseRpcTimestamp(bad)).toBeUndefined();
  });
});
