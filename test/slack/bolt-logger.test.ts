import { LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { createLogger, LOG_LEVELS } from '../../src/log';
import { boltLevel, boltLogger } from '../../src/slack/bolt-logger';

describe('the logger Bolt gets', () => {
  it('starts at LOG_LEVEL, and setLevel really filters', () => {
    const lines: string[] = [];
    const bolt = boltLogger(createLogger('info', (line) => lines.push(line)));
    expect(bolt.getLevel()).toBe(LogLevel.INFO);
    bolt.debug('socket frame');
    bolt.info('connected', 2);
    bolt.setLevel(LogLevel.ERROR);
    expect(bolt.getLevel()).toBe(LogLevel.ERROR);
    bolt.warn('dropped');
    bolt.error(new Error('failed with xoxb-123-abc'));
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { level: 'info', component: 'bolt', msg: 'connected 2' },
      { level: 'error', component: 'bolt', msg: 'Error: failed with xox?-[redacted]' },
    ]);
  });

  it('keeps its level across setName', () => {
    const lines: string[] = [];
    const bolt = boltLogger(createLogger('debug', (line) => lines.push(line)));
    bolt.setLevel(LogLevel.WARN);
    bolt.setName('web-api');
    bolt.info('hidden');
    bolt.warn('shown');
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([{ component: 'web-api', msg: 'shown' }]);
  });

  it('maps every LOG_LEVEL to Bolt', () => {
    expect(LOG_LEVELS.map(boltLevel)).toEqual([LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR]);
  });
});
