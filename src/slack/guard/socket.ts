import { type App, SocketModeReceiver } from '@slack/bolt';
import { isRecord } from '../../guards';
import type { Logger } from '../../log';

type WsListener = (data: unknown, isBinary: boolean) => unknown;

/**
 * @slack/socket-mode parses each WebSocket message in an async listener that nothing awaits: a message `null`, or
 * an `events_api` envelope whose payload is null, throws there, and the rejection ends the process. Only Slack can
 * send on that socket, but one bad frame must not end the bot: such frames are dropped, and any other failure in
 * that listener is logged rather than left unhandled.
 */
export function guardSocketMode(app: App, logger: Logger): void {
  const receiver: unknown = Reflect.get(app, 'receiver');
  if (!(receiver instanceof SocketModeReceiver)) return;
  const client = receiver.client;
  const originals = client.listeners('ws_message') as WsListener[];
  client.removeAllListeners('ws_message');
  client.on('ws_message', (data: unknown, isBinary: boolean) => {
    if (!isBinary && !wellFormed(data)) {
      logger.warn('dropped a malformed Socket Mode message');
      return;
    }
    for (const listener of originals) {
      Promise.resolve()
        .then(() => listener.call(client, data, isBinary))
        .catch((error: unknown) =>
          logger.error('Socket Mode message failed', { error: error instanceof Error ? error.name : typeof error }),
        );
    }
  });
}

function wellFormed(data: unknown): boolean {
  let message: unknown;
  try {
    message = JSON.parse(
      typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : String(data),
    );
  } catch {
    return true; // the client logs and ignores what is not JSON
  }
  if (!isRecord(message)) return false;
  if (message.type === 'hello' || message.type === 'disconnect') return true;
  if (!isRecord(message.payload)) return false;
  return message.type !== 'events_api' || isRecord(message.payload.event);
}
