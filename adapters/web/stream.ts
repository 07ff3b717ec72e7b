import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Store } from '../../src/store/types.ts';
import type { WebHub } from './hub.ts';

const PAGE = 500;
const KEEPALIVE_MS = 25_000;

/**
 * Streams a conversation's transcript as server-sent events: first everything after the
 * browser's Last-Event-ID (so a reconnect resumes where it stopped), then each new line.
 */
export function streamTranscript(
  req: IncomingMessage,
  res: ServerResponse,
  store: Store,
  hub: WebHub,
  conversationId: string,
): void {
  let cursor = parseCursor(req.headers['last-event-id']);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  res.write('retry: 2000\n\n');

  let busy = false;
  let again = false;
  const flush = async (): Promise<void> => {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    try {
      do {
        again = false;
        const lines = await store.read((tx) => tx.transcript(conversationId, cursor, PAGE));
        for (const line of lines) {
          cursor = line.cursor;
          const payload = {
            direction: line.direction,
            at: line.at,
            text: line.text,
            ...line.message,
          };
          res.write(`id: ${cursor}\ndata: ${JSON.stringify(payload)}\n\n`);
        }
        if (lines.length === PAGE) again = true;
      } while (again && !res.destroyed);
    } finally {
      busy = false;
    }
  };

  const unsubscribe = hub.subscribe(conversationId, () => void flush());
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  req.on('close', () => {
    unsubscribe();
    clearInterval(keepalive);
  });
  void flush();
}

function parseCursor(header: string | string[] | undefined): number {
  const match = /^\d{1,15}$/.exec(typeof header === 'string' ? header : '');
  return match ? Number(match[0]) : 0;
}
