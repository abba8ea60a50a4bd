import nock from 'nock';
import { afterEach, beforeAll } from 'vitest';

// Only loopback is on the network: nothing a test does may reach slack.com, aliyuncs.com or 100.100.100.200.
process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = 'true';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
});

afterEach(() => {
  nock.cleanAll();
});
