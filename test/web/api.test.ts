import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { team } from '../support/sim.ts';

let app: App;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'loop48-api-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'db.sqlite'),
    LOG_LEVEL: 'silent',
  });
  app = await startApp({ config, directory: team(), logger: silentLogger(), clock: systemClock });
});
afterAll(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

async function newSession(): Promise<string> {
  const { session } = (await (await post('/api/chat/session', {})).json()) as { session: string };
  return session;
}

/** Reads the event stream until `count` lines have arrived (or two seconds pass). */
async function readStream(path: string, count: number, lastEventId?: string) {
  const controller = new AbortController();
  const response = await fetch(`${app.url}${path}`, {
    signal: controller.signal,
    headers: lastEventId ? { 'last-event-id': lastEventId } : {},
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { id: string; data: { direction: string; text: string; ask?: string } }[] = [];
  const deadline = Date.now() + 2000;
  while (reader && events.length < count && Date.now() < deadline) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const blocks = buffer.split('\n\n');
    buffer = blocks.pop() ?? '';
    for (const block of blocks) {
      const id = /^id: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (id && data) events.push({ id, data: JSON.parse(data) });
    }
  }
  controller.abort();
  return events;
}

describe('the web chat API', () => {
  it('replays the whole conversation to a new stream, and resumes after the last event seen', async () => {
    const session = await newSession();
    expect(
      await post('/api/chat/messages', { session, text: 'Hello', locale: 'en-US' }),
    ).toHaveProperty('status', 202);
    await post('/api/chat/messages', { session, text: 'Ann Lee' });

    const all = await readStream(`/api/chat/stream?session=${session}`, 5);
    expect(all.map((e) => e.data.direction)).toEqual(['in', 'out', 'out', 'in', 'out']);
    expect(all.at(-1)?.data.ask).toBe('contact');

    const third = all[2]?.id ?? '';
    const rest = await readStream(`/api/chat/stream?session=${session}`, 2, third);
    expect(rest.map((e) => e.data.text)).toEqual(['Ann Lee', all[4]?.data.text]);
  });

  it('takes a message sent again with the same id (a retry after a lost answer) once', async () => {
    const session = await newSession();
    const hello = { session, text: 'Hello', locale: 'en-US', id: 'a1b2c3d4-0001' };
    expect(await post('/api/chat/messages', hello)).toHaveProperty('status', 202);
    expect(await post('/api/chat/messages', hello)).toHaveProperty('status', 202);
    await post('/api/chat/messages', { session, text: 'Ann Lee', id: 'a1b2c3d4-0002' });
    const all = await readStream(`/api/chat/stream?session=${session}`, 5);
    expect(all.map((e) => e.data.direction)).toEqual(['in', 'out', 'out', 'in', 'out']);
    expect(all.filter((e) => e.data.text === 'Hello')).toHaveLength(1);
    expect(all.at(-1)?.data.ask).toBe('contact');
  });

  it('refuses malformed requests with a translation key, and keeps the conversation', async () => {
    const session = await newSession();
    await post('/api/chat/messages', { session, text: 'Hello' });
    expect((await post('/api/chat/messages', 'not json')).status).toBe(400);
    expect((await post('/api/chat/messages', { session: 'not-a-uuid', text: 'x' })).status).toBe(
      400,
    );
    const huge = await post('/api/chat/messages', { session, text: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'errors.too_long' });
    const tooBig = await post('/api/chat/messages', { session, text: 'x'.repeat(600_000) });
    expect(tooBig.status).toBe(413);

    await post('/api/chat/messages', { session, text: 'Ann Lee' });
    const lines = await readStream(`/api/chat/stream?session=${session}`, 5);
    expect(lines.at(-1)?.data.ask).toBe('contact');
  });

  it('serves the pages with a policy that forbids inline script', async () => {
    const page = await fetch(`${app.url}/`);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/assets/chat.js');
    expect((await fetch(`${app.url}/assets/../../package.json`)).status).toBe(404);
  });

  it('chooses the page language from the browser locale, Traditional for Taiwan', async () => {
    const ask = async (locale: string) =>
      ((await (await fetch(`${app.url}/api/i18n?locale=${locale}`)).json()) as { language: string })
        .language;
    expect(await ask('ja-JP')).toBe('ja');
    expect(await ask('zh-TW')).toBe('yue');
    expect(await ask('zh-SG')).toBe('zh-CN');
    expect(await ask('fr-FR')).toBe('en');
  });
});

describe('the staff console API', () => {
  it('runs commands only with a valid sign-in', async () => {
    expect((await post('/api/console/commands', { text: '/ticket list' })).status).toBe(401);
    const bad = await post('/api/console/login', { staffId: 'hiroshi.tanaka', key: 'nope' });
    expect(bad.status).toBe(401);
    const unknown = await post('/api/console/login', { staffId: 'nobody', key: 'demo-nobody' });
    expect(unknown.status).toBe(401);

    const good = await post('/api/console/login', {
      staffId: 'Hiroshi.Tanaka',
      key: 'demo-hiroshi.tanaka',
    });
    const { token, language } = (await good.json()) as { token: string; language: string };
    expect(language).toBe('ja');
    const auth = { authorization: `Bearer ${token}` };
    expect((await post('/api/console/commands', { text: '/ticket list' }, auth)).status).toBe(202);
    const lines = await readStream(`/api/console/stream?token=${token}`, 2);
    expect(lines[1]?.data.text).toMatch(/チケット|ありません/);

    await post('/api/console/logout', {}, auth);
    expect((await post('/api/console/commands', { text: '/ticket list' }, auth)).status).toBe(401);
  });

  it('does not give a customer chat session staff rights', async () => {
    const session = await newSession();
    await post('/api/chat/messages', { session, text: '/ticket list' });
    const lines = await readStream(`/api/chat/stream?session=${session}`, 2);
    expect(lines[1]?.data).toMatchObject({ error: 'errors.staff_only' });
  });

  it('gives administrators alone a customer’s export as a JSON file', async () => {
    const session = await newSession();
    await post('/api/chat/messages', { session, text: 'Hello, my printer is broken' });
    await readStream(`/api/chat/stream?session=${session}`, 2);
    const signIn = async (staffId: string) => {
      const response = await post('/api/console/login', { staffId, key: `demo-${staffId}` });
      const { token } = (await response.json()) as { token: string };
      return { authorization: `Bearer ${token}` };
    };
    const path = (subject: string) =>
      `${app.url}/api/console/customer-export?subject=${encodeURIComponent(subject)}`;

    const admin = await signIn('tom.mueller');
    const file = await fetch(path(session), { headers: admin });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/attachment/);
    const held = (await file.json()) as { customerId: string; messages: { body: string }[] };
    expect(held.customerId).toBe(session);
    expect(held.messages.map((m) => m.body)).toContain('Hello, my printer is broken');

    expect((await fetch(path('nobody-at-all'), { headers: admin })).status).toBe(404);
    const lead = await signIn('lin.zhou');
    const refused = await fetch(path(session), { headers: lead });
    expect(refused.status).toBe(403);
    expect(JSON.stringify(await refused.json())).not.toContain('printer');
    expect((await fetch(path(session))).status).toBe(401);
  });
});
