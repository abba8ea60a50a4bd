/**
 * The one logger. Every line goes through `scrub`, so a secret that slipped into an error message (pop-core puts
 * the signed URL, AccessKeyId and SecurityToken into its messages) never reaches the log.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

const SECRET_KEYS =
  'AccessKeyId|AccessKeySecret|SecurityToken|Signature|SignatureNonce|accessKeyId|accessKeySecret|securityToken|trigger_id|response_url';

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // Query strings, form bodies and JSON, also JSON nested inside a JSON string (quotes escaped as \"): keep the
  // key, drop the value.
  [new RegExp(`((?:${SECRET_KEYS})(?:=|%3D|\\\\?"?\\s*:\\s*\\\\?"?))[^&\\s"',}\\\\]+`, 'g'), '$1[redacted]'],
  // A response_url is a bearer capability: whoever holds it can post to the channel for 30 minutes.
  [/https:\/\/hooks\.slack\.com\/[^\s"'\\]+/g, 'https://hooks.slack.com/[redacted]'],
  // Anything that looks like a whole URL with a query string: the query may hold a signature.
  [/(https?:\/\/[^\s?"'\\]+)\?[^\s"'\\]*/g, '$1?[redacted]'],
  // Slack tokens.
  [/\bxox[abposr]-[A-Za-z0-9-]+/g, 'xox?-[redacted]'],
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

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export type LogSink = (line: string) => void;

/** One JSON object a line, scrubbed. Error values are reduced to name and message: stacks stay out. */
export function createLogger(
  level: LogLevel = 'info',
  sink: LogSink = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const emit = (at: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (LOG_LEVELS.indexOf(at) < threshold) return;
    const record: Record<string, unknown> = { time: new Date().toISOString(), level: at, msg: message };
    for (const [key, value] of Object.entries(fields ?? {}))
      record[key] = value instanceof Error ? `${value.name}: ${value.message}` : value;
    sink(scrub(JSON.stringify(record)));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
  };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
