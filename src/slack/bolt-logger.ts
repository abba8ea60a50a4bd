import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../log';

const TO_BOLT: Readonly<Record<Logger['level'], LogLevel>> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

const FROM_BOLT: Readonly<Record<LogLevel, Logger['level']>> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** The level Bolt should be given (App's `logLevel`), so LOG_LEVEL governs Bolt's lines as it does ours. */
export function boltLevel(level: Logger['level']): LogLevel {
  return TO_BOLT[level];
}

/**
 * Bolt and its WebClient log through a child of ours (`component: bolt`), so their lines are scrubbed of tokens
 * like ours are. setLevel really filters: it sets the child's own level.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let child = logger.child({ component: 'bolt' });
  const join = (parts: unknown[]): string =>
    parts.map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : String(p))).join(' ');
  return {
    debug: (...msg: unknown[]) => child.debug(join(msg)),
    info: (...msg: unknown[]) => child.info(join(msg)),
    warn: (...msg: unknown[]) => child.warn(join(msg)),
    error: (...msg: unknown[]) => child.error(join(msg)),
    setLevel: (level: LogLevel) => {
      child.level = FROM_BOLT[level];
    },
    getLevel: () => TO_BOLT[child.level],
    setName: (name: string) => {
      const level = child.level;
      child = logger.child({ component: name });
      child.level = level;
    },
  };
}
