import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  args: Record<string, unknown>;
}

/**
 * A loopback stand-in for Slack's Web API (`POST /api/<method>`, form or JSON) and for response
 * URLs (`POST /respond/<id>`). It answers as Slack does, records every call, and can be told to
 * answer 429 with Retry-After for a while.
 */
export class FakeSlack {
  readonly calls: Call[] = [];
  readonly users = new Map<string, { locale: string; real_name: string; email?: string }>();
  rateLimited = 0;
  retryAfter = 2;
  #server: Server | undefined;
  #ts = 1_700_000_000;
  #channels = new Map<string, string>();
  url = '';

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      void this.#handle(req).then(([status, body, headers]) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.#server?.close(() => resolve()));
  }

  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** Posted message texts (chat.postMessage and response URLs), in order. */
  posts(): { channel: string; text: string; blocks: unknown }[] {
    return this.calls
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'respond')
      .map((c) => ({
        channel: String(c.args.channel ?? 'respond'),
        text: String(c.args.text ?? ''),
        blocks: typeof c.args.blocks === 'string' ? JSON.parse(c.args.blocks) : c.args.blocks,
      }));
  }

  async #handle(req: IncomingMessage): Promise<[number, unknown, Record<string, string>?]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const args = (req.headers['content-type'] ?? '').includes('json')
      ? (JSON.parse(raw || '{}') as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(raw));
    const path = req.url ?? '';
    const method = path.startsWith('/respond/') ? 'respond' : path.replace(/^\/api\//, '');
    if (method !== 'auth.test' && this.rateLimited > 0) {
      this.rateLimited -= 1;
      this.calls.push({ method: `${method}:429`, args });
      return [429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(this.retryAfter) }];
    }
    this.calls.push({ method, args });
    this.#ts += 1;
    switch (method) {
      case 'auth.test':
        return [200, { ok: true, user_id: 'UBOT', bot_id: 'BBOT', team_id: 'T1' }];
      case 'users.info': {
        const user = this.users.get(String(args.user));
        return user
          ? [
              200,
              {
                ok: true,
                user: {
                  id: args.user,
                  locale: user.locale,
                  real_name: user.real_name,
                  profile: { real_name: user.real_name, email: user.email },
                },
              },
            ]
          : [200, { ok: false, error: 'user_not_found' }];
      }
      case 'chat.postMessage':
        return [200, { ok: true, channel: args.channel, ts: `${this.#ts}.000100` }];
      case 'conversations.create': {
        const name = String(args.name);
        if (this.#channels.has(name)) return [200, { ok: false, error: 'name_taken' }];
        const id = `CROOM${this.#channels.size + 1}`;
        this.#channels.set(name, id);
        return [200, { ok: true, channel: { id, name } }];
      }
      case 'conversations.list':
        return [
          200,
          { ok: true, channels: [...this.#channels].map(([name, id]) => ({ id, name })) },
        ];
      case 'respond':
        return [200, { ok: true }];
      default:
        return [200, { ok: true }];
    }
  }
}

/** Signs a request body as Slack does: v0 HMAC-SHA256 of the timestamp and the raw body. */
export function slackHeaders(secret: string, body: string, at = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(at), 'x-slack-signature': signature };
}
