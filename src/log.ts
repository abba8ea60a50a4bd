/**
 * The one logger, pino underneath. Every line goes through `scrub`, so a secret that slipped into an error message
 * (pop-core puts the signed URL, AccessKeyId and SecurityToken into its messages) never reaches the log.
 */
import { type Logger as PinoLogger, pino, stdTimeFunctions } from 'pino';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const SECRET_KEYS =
  'AccessKeyId|AccessKeySecret|SecurityToken|Signature|SignatureNonce|accessKeyId|accessKeySecret|securityToken|trigger_id|response_url|client_secret|access_token|refresh_token';

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Query strings, form bodies and JSON, also JSON nested inside a JSON string (quotes escaped as \"): keep the
  // key, drop the value.
  [new RegExp(`((?:${SECRET_KEYS})(?:=|%3D|\\\\?"?\\s*:\\s*\\\\?"?))[^&\\s"',}\\\\]+`, 'g'), '$1[redacted]'],
  // A response_url is a bearer capability: whoever holds it can post to the channel for 30 minutes.
  [/https:\/\/hooks\.slack\.com\/[^\s"'\\]+/g, 'https://hooks.slack.com/[redacted]'],
  // Anything that looks like a whole URL with a query string: the query may hold a signature.
  [/(https?:\/\/[^\s?"'\\]+)\?[^\s"'\\]*/g, '$1?[redacted]'],
  // Credentials inside a URL (redis://:pass@host, rediss://user:pass@host, http://user:pass@proxy): keep the scheme.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'\\]+@/gi, '$1[redacted]@'],
  // Slack tokens (xoxe-: the refresh tokens of token rotation).
  [/\bxox[abeposr]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
  [/\bxapp-[A-Za-z0-9-]+/g, 'xapp-[redacted]'],
  // Alibaba AccessKey ids (LTAI…) and STS ids (STS.…) on their own.
  [/\bLTAI[A-Za-z0-9]{8,}/g, 'LTAI[redacted]'],
  [/\bSTS\.[A-Za-z0-9]{8,}/g, 'STS.[redacted]'],
];

export function scrub(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** The shape the rest of the code logs through: a message and flat fields. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Every line of the child carries `bindings` (e.g. `{ component: 'bolt' }`); its level is its own. */
  child(bindings: Record<string, unknown>): Logger;
  level: LogLevel;
}

export type LogSink = (line: string) => void;

/** Name and message only: a stack is noise in an operator's log and may quote a URL. */
function errorFields(error: Error): { name: string; message: string } {
  return { name: error.name, message: error.message };
}

/** pino's `err` serializer: the same reduction, and anything that is not an Error as it is. */
function errSerializer(value: unknown): unknown {
  return value instanceof Error ? errorFields(value) : value;
}

function adapt(log: PinoLogger): Logger {
  const emit =
    (at: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (!log.isLevelEnabled(at)) return;
      if (fields === undefined) {
        log[at](message);
        return;
      }
      // The message leads, as an operator reads it (pino would put it last); errors under any key, not only
      // pino's `err`, are reduced the same way.
      const record: Record<string, unknown> = { msg: message };
      for (const [key, value] of Object.entries(fields))
        record[key] = value instanceof Error ? errorFields(value) : value;
      log[at](record);
    };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (bindings) => adapt(log.child(bindings)),
    get level(): LogLevel {
      return LOG_LEVELS.find((l) => l === log.level) ?? 'info';
    },
    set level(value: LogLevel) {
      log.level = value;
    },
  };
}

/**
 * pino, writing one JSON object a line (to stderr by default). Every line goes through `scrub` on its way out:
 * pino's path-based `redact` covers known fields, but only a pass over the text finds a signed URL inside a message.
 */
export function createLogger(
  level: LogLevel = 'info',
  sink: LogSink = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const log = pino(
    {
      level,
      base: undefined,
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errSerializer },
      redact: { paths: ['token', 'response_url', '*.token', '*.response_url'], censor: '[redacted]' },
      hooks: { streamWrite: scrub },
    },
    { write: (line: string) => sink(line.endsWith('\n') ? line.slice(0, -1) : line) },
  );
  return adapt(log);
}

const silent: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silent,
  level: 'error',
};
export const silentLogger: Logger = silent;
