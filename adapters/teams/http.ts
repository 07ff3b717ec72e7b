import type { IncomingMessage, ServerResponse } from 'node:http';

/** The small response interface botbuilder's CloudAdapter writes to, over Node's own response. */
export function botResponse(res: ServerResponse) {
  let status = 200;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
      return this;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return this;
    },
    send(body?: unknown) {
      if (!res.headersSent) res.statusCode = status;
      if (body === undefined) res.end();
      else if (typeof body === 'string' || Buffer.isBuffer(body)) res.end(body);
      else {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      }
      return this;
    },
    end() {
      if (!res.headersSent) res.statusCode = status;
      if (!res.writableEnded) res.end();
      return this;
    },
  };
}

/** Reads a JSON request body of at most `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}
