import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/**
 * A loopback stand-in for the Bot Framework connector a Teams bot answers through: it records
 * activities sent to conversations, card updates and new conversations, and can refuse a
 * conversation with a status (403 when a user has removed the app).
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  refuse = new Map<string, number>();
  readonly refused: string[] = [];
  url = '';
  #server: Server | undefined;
  #id = 0;

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(([status, body]) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server?.close(() => resolve()));
  }

  /** Activities the bot sent to a conversation, oldest first. */
  sent(conversation: string): Record<string, unknown>[] {
    const path = `/v3/conversations/${encodeURIComponent(conversation)}/activities`;
    return this.calls
      .filter((c) => c.method === 'POST' && c.path.startsWith(path))
      .map((c) => c.body);
  }

  async #handle(req: IncomingMessage): Promise<[number, unknown]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = req.url ?? '';
    this.calls.push({ method: req.method ?? '', path, body });
    this.#id += 1;
    for (const [conversation, status] of this.refuse) {
      if (path.includes(encodeURIComponent(conversation)))
        return [status, { error: { code: 'Forbidden', message: 'refused' } }];
    }
    if (req.method === 'POST' && path === '/v3/conversations') {
      return [
        200,
        {
          id: `19:room-${this.#id}@thread.tacv2;messageid=${this.#id}`,
          activityId: String(this.#id),
        },
      ];
    }
    return [200, { id: `activity-${this.#id}` }];
  }
}
