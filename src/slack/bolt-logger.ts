import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger, LogLevel as OurLevel } from '../log';

/** Bolt and its WebClient log through ours, so their lines are scrubbed of tokens like ours are. */
export function boltLogger(logger: Logger, level: OurLevel): BoltLogger {
  let current = toBolt(level);
  let name = 'bolt';
  const join = (parts: unknown[]): string =>
    parts.map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : String(p))).join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug(join(msg), { component: name }),
    info: (...msg: unknown[]) => logger.info(join(msg), { component: name }),
    warn: (...msg: unknown[]) => logger.warn(join(msg), { component: name }),
    error: (...msg: unknown[]) => logger.error(join(msg), { component: name }),
    setLevel: (l: LogLevel) => {
      current = l;
    },
    getLevel: () => current,
    setName: (n: string) => {
      name = n;
    },
  };
}

function toBolt(level: OurLevel): LogLevel {
  switch (level) {
    case 'debug':
      return LogLevel.DEBUG;
    case 'info':
      return LogLevel.INFO;
    case 'warn':
      return LogLevel.WARN;
    case 'error':
      return LogLevel.ERROR;
  }
}
