import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { chatConversation } from '../../src/core/addresses.ts';
import { FakeClock } from '../../src/core/clock.ts';
import { createLogger } from '../../src/core/logger.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { FaultyStore } from '../support/faulty-store.ts';
import { team } from '../support/sim.ts';

let app: App;
let dir: string;
let clock: FakeClock;
let store: FaultyStore;
const logLines: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loop48-health-'));
  const config = loadConfig({ PORT: '0', SCHEDULER_TICK_SECONDS: '5', LOG_LEVEL: 'info' });
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  clock = new FakeClock(Date.now());
  store = new FaultyStore(openSqliteStore(join(dir, 'db.sqlite')));
  app = await startApp({
    config,
    directory: team(),
    logger: createLogger('info', stream),
    clock,
    store,
    scheduler: false,
  });
  await app.tick();
});
afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string) => {
  const response = await fetch(`${app.url}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};
const say = (session: string, text: string, locale = 'ja-JP') =>
  fetch(`${app.url}/api/chat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ session, text, locale }),
  });
const transcript = (session: string) =>
  app.store.read((tx) => tx.transcript(chatConversation(session), 0, 100));

describe('health and readiness', () => {
  it('answers /healthz at once while the process lives', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, body: { ok: true } });
  });

  it('is ready when the database answers, the scheduler ticks and the web server listens', async () => {
    expect(await get('/readyz')).toEqual({
      status: 200,
      body: {
        ready: true,
        checks: { database: 'ok', writes: 'ok', scheduler: 'ok', web: 'ok' },
      },
    });
  });

  it('is not ready once the scheduler has missed three ticks, and ready again after one', async () => {
    clock.advance(15_000);
    expect((await get('/readyz')).status).toBe(200);
    clock.advance(1);
    expect(await get('/readyz')).toMatchObject({
      status: 503,
      body: { ready: false, checks: { scheduler: 'failing', database: 'ok' } },
    });
    await app.tick();
    expect((await get('/readyz')).status).toBe(200);
  });
});

describe('a database that refuses writes', () => {
  it('turns new messages away, saying they were not recorded, and recovers by itself', async () => {
    const session = '0b6d2d36-1c4e-4d8a-9a53-3f1f0c6d7a11';
    expect((await say(session, 'こんにちは')).status).toBe(202);
    const before = (await transcript(session)).length;
    expect(before).toBeGreaterThan(1);

    store.fault = 'SQLITE_FULL';
    for (const text of ['佐藤 花子', 'hanako@example.jp', '日本']) {
      const refused = await say(session, text);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual({ error: 'errors.store_unavailable' });
    }
    // Nothing was taken in and lost: the transcript holds none of it.
    expect(await transcript(session)).toHaveLength(before);
    await app.tick();
    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks).toMatchObject({ writes: 'failing', database: 'ok' });
    // One error for the whole outage, naming what to fix; no customer data in any line.
    const errors = logLines.filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/refuses writes .*free disk space/);
    expect(JSON.stringify(logLines)).not.toMatch(/花子|hanako/);

    store.fault = undefined;
    expect((await say(session, '佐藤 花子')).status).toBe(202);
    await app.tick();
    expect((await get('/readyz')).status).toBe(200);
    expect(logLines.filter((line) => line.msg === 'the database takes writes again')).toHaveLength(
      1,
    );
    const lines = await transcript(session);
    expect(lines.slice(before).map((line) => line.direction)).toEqual(['in', 'out']);
  });

  it('counts a read-only database and failing device the same way', async () => {
    for (const code of ['SQLITE_READONLY', 'SQLITE_IOERR_WRITE']) {
      store.fault = code;
      expect((await say('6f1c1c8e-7d0a-4c47-8c6e-5a0f55c0b0b2', 'Hello')).status).toBe(503);
      expect((await get('/readyz')).body.checks).toMatchObject({ writes: 'failing' });
      store.fault = undefined;
      expect((await say('6f1c1c8e-7d0a-4c47-8c6e-5a0f55c0b0b2', 'Hello')).status).toBe(202);
      expect((await get('/readyz')).body.checks).toMatchObject({ writes: 'ok' });
    }
  });
});
