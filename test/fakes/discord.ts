import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

export interface RestCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

export const APP_ID = '900000000000000001';
export const BOT_ID = '900000000000000002';
export const GUILD_ID = '900000000000000003';

/**
 * A loopback stand-in for Discord: the REST API under /api/v10 and a gateway WebSocket that says
 * HELLO, answers IDENTIFY with READY and GUILD_CREATE, acknowledges heartbeats and RESUMEs, and
 * dispatches whatever a test sends. It records every REST call and can refuse some with a code.
 */
export class FakeDiscord {
  readonly calls: RestCall[] = [];
  /** REST failures to serve next, by path fragment: `{ match: '/callback', code: 10062 }`. */
  failures: { match: string; status: number; code: number; message: string }[] = [];
  url = '';
  #server: Server | undefined;
  #wss: WebSocketServer | undefined;
  #socket: WebSocket | undefined;
  #seq = 0;
  #id = 1_000_000;
  #missed: unknown[] = [];
  identified: Record<string, unknown> | undefined;
  /** Every IDENTIFY so far: a new gateway session each. */
  identifies = 0;
  /** Gateway connections open now. */
  readonly open = new Set<WebSocket>();
  /**
   * Messages created in channels, each once: as Discord does, a post whose nonce was already
   * used in that channel (with enforce_nonce) returns the earlier message and creates none.
   */
  readonly created: { channel: string; content: string; nonce?: string }[] = [];
  readonly #byNonce = new Map<string, unknown>();

  /** Forgets the messages made so far (and their nonces), as for a new server. */
  forgetMessages(): void {
    this.created.length = 0;
    this.#byNonce.clear();
  }
  /** When set, IDENTIFY is refused as Discord does without the privileged intents (4014). */
  refuseIntents = false;

  async start(): Promise<void> {
    this.#server = createServer((req, res) => {
      void this.#rest(req).then(([status, body]) => {
        if (status === 204) {
          res.writeHead(204);
          res.end();
          return;
        }
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      });
    });
    this.#wss = new WebSocketServer({ server: this.#server });
    this.#wss.on('connection', (socket) => this.#connect(socket));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const client of this.#wss?.clients ?? []) client.terminate();
    this.#wss?.close();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  of(fragment: string, method?: string): RestCall[] {
    return this.calls.filter((c) => c.path.includes(fragment) && (!method || c.method === method));
  }

  /** Sends a gateway event; while disconnected it is kept and replayed on RESUME. */
  dispatch(type: string, data: unknown): void {
    this.#seq += 1;
    const payload = { op: 0, t: type, s: this.#seq, d: data };
    if (this.#socket && this.#socket.readyState === 1) this.#socket.send(JSON.stringify(payload));
    else this.#missed.push(payload);
  }

  /** Drops the connection as a network fault would; the client should resume. */
  disconnect(): void {
    this.#socket?.terminate();
    this.#socket = undefined;
  }

  nextId(): string {
    this.#id += 1;
    return `9${String(this.#id).padStart(17, '0')}`;
  }

  #connect(socket: WebSocket): void {
    this.#socket = socket;
    this.open.add(socket);
    socket.on('close', () => this.open.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      if (message.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (message.op === 2 && this.refuseIntents) {
        socket.close(4014, 'Disallowed intent(s).');
        return;
      }
      if (message.op === 2) {
        this.identified = message.d;
        this.identifies += 1;
        this.#seq += 1;
        socket.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: this.#seq,
            d: {
              v: 10,
              user: { id: BOT_ID, username: 'Loop48', discriminator: '0', bot: true },
              guilds: [{ id: GUILD_ID, unavailable: true }],
              session_id: 'session-1',
              resume_gateway_url: this.url.replace('http', 'ws'),
              application: { id: APP_ID, flags: 0 },
            },
          }),
        );
        this.dispatch('GUILD_CREATE', {
          id: GUILD_ID,
          name: 'Hansheng Service',
          unavailable: false,
          owner_id: BOT_ID,
          roles: [{ id: GUILD_ID, name: '@everyone', permissions: '0', position: 0 }],
          channels: [
            { id: '900000000000000010', type: 0, name: 'support', guild_id: GUILD_ID },
            { id: '900000000000000011', type: 4, name: 'rooms', guild_id: GUILD_ID },
          ],
          members: [],
          member_count: 1,
          large: false,
          joined_at: new Date().toISOString(),
        });
      }
      if (message.op === 6) {
        for (const missed of this.#missed.splice(0)) socket.send(JSON.stringify(missed));
        this.#seq += 1;
        socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: this.#seq, d: {} }));
      }
    });
  }

  async #rest(req: IncomingMessage): Promise<[number, unknown]> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const body = raw.startsWith('{') || raw.startsWith('[') ? JSON.parse(raw) : {};
    const path = (req.url ?? '').replace(/^\/api\/v10/, '').split('?')[0] ?? '';
    const method = req.method ?? 'GET';
    this.calls.push({ method, path, body });

    const failure = this.failures.find((f) => path.includes(f.match));
    if (failure) {
      this.failures.splice(this.failures.indexOf(failure), 1);
      return [failure.status, { code: failure.code, message: failure.message }];
    }
    if (path === '/gateway/bot') {
      return [
        200,
        {
          url: this.url.replace('http', 'ws'),
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
        },
      ];
    }
    if (path === '/users/@me/channels') {
      return [
        200,
        {
          id: `8${String(body.recipient_id).slice(1)}`,
          type: 1,
          recipients: [{ id: body.recipient_id, username: 'user', discriminator: '0' }],
        },
      ];
    }
    if (path === '/users/@me' && method === 'GET') {
      return [200, { id: BOT_ID, username: 'Loop48', discriminator: '0', bot: true }];
    }
    if (/^\/channels\/\d+\/messages$/.test(path) && method === 'POST') {
      const channel = path.split('/')[2] ?? '';
      const nonce = typeof body.nonce === 'string' ? body.nonce : undefined;
      const earlier =
        nonce && body.enforce_nonce ? this.#byNonce.get(`${channel}|${nonce}`) : undefined;
      if (earlier) return [200, earlier];
      this.created.push({
        channel,
        content: String(body.content ?? ''),
        ...(nonce ? { nonce } : {}),
      });
      const message = {
        id: this.nextId(),
        channel_id: path.split('/')[2],
        content: body.content ?? '',
        author: { id: BOT_ID, username: 'Loop48', discriminator: '0', bot: true },
        timestamp: new Date().toISOString(),
        type: 0,
        embeds: body.embeds ?? [],
        components: [],
      };
      if (nonce) this.#byNonce.set(`${channel}|${nonce}`, message);
      return [200, message];
    }
    if (/^\/channels\/\d+\/threads$/.test(path) && method === 'POST') {
      return [
        200,
        {
          id: this.nextId(),
          type: body.type ?? 12,
          name: body.name,
          guild_id: GUILD_ID,
          parent_id: path.split('/')[2],
        },
      ];
    }
    if (/^\/guilds\/\d+\/channels$/.test(path) && method === 'POST') {
      return [
        200,
        {
          id: this.nextId(),
          type: body.type ?? 0,
          name: body.name,
          guild_id: GUILD_ID,
          parent_id: body.parent_id ?? null,
        },
      ];
    }
    if (/^\/webhooks\//.test(path)) {
      return [
        200,
        {
          id: this.nextId(),
          channel_id: '1',
          content: body.content ?? '',
          author: { id: BOT_ID, username: 'Loop48', discriminator: '0', bot: true },
          timestamp: new Date().toISOString(),
          type: 0,
        },
      ];
    }
    if (/^\/applications\/\d+\/(guilds\/\d+\/)?commands$/.test(path)) return [200, body];
    if (/\/callback$/.test(path)) return [204, {}];
    return [200, {}];
  }
}
