import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { FakeClock, HOUR } from '../../src/core/clock.ts';
import { createLogger, silentLogger } from '../../src/core/logger.ts';
import { FakeConnector } from '../fakes/teams.ts';
import { team } from '../support/sim.ts';
import { until } from '../support/wait.ts';

const fake = new FakeConnector();
let dir: string;
let app: App;
let clock: FakeClock;
let seq = 0;

beforeAll(() => fake.start());
afterAll(() => fake.stop());

async function boot(extra: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'db.sqlite'),
    LOG_LEVEL: 'silent',
    TEAMS_ENABLED: 'yes',
    TEAMS_PORT: '0',
    TEAMS_ROOM_CHANNEL_ID: '19:rooms@thread.tacv2',
    ...extra,
  });
  return startApp({
    config,
    directory: team(),
    logger: process.env.DBG ? createLogger('error') : silentLogger(),
    clock,
    scheduler: false,
  });
}

beforeEach(async () => {
  fake.calls.length = 0;
  fake.refuse.clear();
  dir = mkdtempSync(join(tmpdir(), 'loop48-teams-'));
  clock = new FakeClock(Date.now());
  app = await boot();
});
afterEach(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Posts an activity to the bot's endpoint, as Teams would. */
async function post(activity: Record<string, unknown>) {
  seq += 1;
  return fetch(`http://127.0.0.1:${app.teamsPort}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: `act-${seq}`,
      timestamp: new Date().toISOString(),
      serviceUrl: fake.url,
      channelId: 'msteams',
      recipient: { id: '28:bot', name: 'Loop48' },
      ...activity,
    }),
  });
}

function personal(user: string, text: string, locale?: string, value?: Record<string, unknown>) {
  return post({
    type: 'message',
    from: { id: `29:${user}`, name: user, aadObjectId: user },
    conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: 't1' },
    text,
    ...(locale ? { locale } : {}),
    ...(value ? { value } : {}),
  });
}

/** The app installed in a team: Teams tells the bot about the channel. */
function installIn(channel: string) {
  return post({
    type: 'conversationUpdate',
    from: { id: '29:admin', name: 'Admin', aadObjectId: 'aad-tom-mueller' },
    conversation: { id: channel, conversationType: 'channel', tenantId: 't1' },
    channelData: { channel: { id: channel }, team: { id: '19:team' } },
    membersAdded: [{ id: '28:bot' }],
  });
}

/** The texts of the cards sent to a conversation. */
function texts(conversation: string): string[] {
  return fake.sent(conversation).map((activity) => JSON.stringify(activity.attachments ?? []));
}

async function say(user: string, text: string, locale?: string) {
  const before = fake.sent(`a:${user}`).length;
  expect((await personal(user, text, locale)).status).toBeLessThan(300);
  await until(() => fake.sent(`a:${user}`).length > before || undefined, `a reply to ${text}`);
  let last = -1;
  while (fake.sent(`a:${user}`).length !== last) {
    last = fake.sent(`a:${user}`).length;
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
}

async function intake(user: string, answers: string[], locale?: string) {
  for (const answer of answers) await say(user, answer, locale);
}

describe('Teams', () => {
  it('counts as ready while its endpoint listens', async () => {
    await app.tick();
    expect((await app.ready()).checks).toMatchObject({ teams: 'ok', web: 'ok' });
  });

  it('runs the intake in Cantonese from a zh-HK locale, as Adaptive Cards', async () => {
    await intake(
      'cust-hk',
      [
        '你好，我部打印機壞咗',
        '陳大文',
        '+852 9123 4567',
        '香港',
        'LX-200',
        '部機壞咗，成日出錯。',
        '2',
      ],
      'zh-HK',
    );
    const last = texts('a:cust-hk').at(-1) ?? '';
    expect(last).toContain('AdaptiveCard');
    expect(last).toContain('Action.Submit');
    await say('cust-hk', '確認', 'zh-HK');
    expect(texts('a:cust-hk').at(-1)).toMatch(/1001/);
  });

  it('runs the intake from text alone when Teams sends no locale', async () => {
    await intake('cust-nl', [
      'Hello, my printer is broken',
      'Jan de Vries',
      'jan@example.nl',
      'Netherlands',
    ]);
    expect(texts('a:cust-nl').at(-1)).toMatch(/product/i);
  });

  it('shows customer text in cards as text, never as markdown or card content', async () => {
    await intake('cust-x', ['Hello', '**Bold** [link](http://x) {"type":"Image"}']);
    const card = fake.sent('a:cust-x').at(-1)?.attachments as { content: { body: unknown[] } }[];
    const json = JSON.stringify(card);
    expect(json).not.toContain('"type":"Image"}');
    expect(json).not.toMatch(/"type":"TextBlock","text":"\*\*Bold/);
  });

  it('lets an engineer claim from a card button, and replaces the card', async () => {
    await intake('cust-us', [
      'Hello',
      'John',
      'john@example.com',
      'United States',
      'LX-200',
      'It is broken, error E-31.',
      '2',
      'yes',
    ]);
    // James Carter, the routed engineer, presses Claim on his notice card.
    const response = await post({
      type: 'message',
      from: { id: '29:james', name: 'James Carter', aadObjectId: 'aad-james-carter' },
      conversation: { id: 'a:james', conversationType: 'personal', tenantId: 't1' },
      replyToId: 'notice-1',
      value: { l48: '/ticket claim 1001', ask: null },
    });
    expect(response.status).toBeLessThan(300);
    await until(
      () => texts('a:cust-us').find((t) => t.includes('James Carter')),
      'the customer told',
    );
    await until(
      () => fake.calls.find((c) => c.method === 'PUT' && c.path.includes('notice-1')),
      'the card updated',
    );
  });

  it('leaves a card as it was when its button is refused as stale', async () => {
    await intake('cust-st', ['Hello', 'Sam']);
    const response = await post({
      type: 'message',
      from: { id: '29:cust-st', name: 'cust-st', aadObjectId: 'cust-st' },
      conversation: { id: 'a:cust-st', conversationType: 'personal', tenantId: 't1' },
      replyToId: 'urgency-card',
      value: { l48: '1', ask: 'urgency' },
    });
    expect(response.status).toBeLessThan(300);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.calls.filter((c) => c.method === 'PUT')).toEqual([]);
    expect(texts('a:cust-st').join('')).toMatch(/earlier question/);
  });

  it('reaches a customer after a restart without them writing: the 24-hour progress update', async () => {
    await intake('cust-de', [
      'Hello',
      'Uwe',
      'uwe@example.de',
      'Germany',
      'LX-200',
      'It is broken, error E-31.',
      '2',
      'yes',
    ]);
    const engineer = (who: string, text: string) =>
      post({
        type: 'message',
        from: { id: `29:${who}`, name: who, aadObjectId: `aad-${who.replace('.', '-')}` },
        conversation: { id: `a:${who}`, conversationType: 'personal', tenantId: 't1' },
        text,
      });
    await engineer('anna.schmidt', 'ticket claim 1001');
    await engineer('anna.schmidt', 'ticket delay 1001 in 60h | parts are late');
    await until(
      () => texts('a:cust-de').find((t) => t.includes('parts are late')),
      'the delay notice',
    );

    await app.stop();
    app = await boot();
    const before = fake.sent('a:cust-de').length;
    clock.advance(24 * HOUR + 1000);
    await app.tick();
    await until(() => fake.sent('a:cust-de').length > before || undefined, 'the progress update');
  });

  it('opens a room as a thread of the team channel and mentions the unconfirmed on pings', async () => {
    await installIn('19:rooms@thread.tacv2');
    await intake('cust-fr', [
      'Hello',
      'Zoe',
      'zoe@example.fr',
      'France',
      'LX-200',
      'It is broken, error E-31.',
      '2',
      'yes',
    ]);
    const anna = (text: string) =>
      post({
        type: 'message',
        from: { id: '29:anna', name: 'Anna', aadObjectId: 'aad-anna-schmidt' },
        conversation: { id: 'a:anna', conversationType: 'personal', tenantId: 't1' },
        text,
      });
    await anna('ticket claim 1001');
    await anna('ticket room 1001 parts');
    const created = await until(
      () => fake.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations'),
      'the room thread',
    );
    expect(JSON.stringify(created.body)).toContain('19:rooms@thread.tacv2');

    clock.advance(5 * 60_000);
    await app.tick();
    const ping = await until(
      () =>
        fake.calls.find(
          (c) =>
            c.method === 'POST' &&
            c.path.includes('room-') &&
            JSON.stringify(c.body).includes('aad-yuki-sato'),
        ),
      'the ping mentioning Sato Yuki',
    );
    expect(JSON.stringify(ping.body)).toContain('"type":"mention"');
  });

  it('starts a thread in the management channel for each daily report, in its readers’ languages', async () => {
    await app.stop();
    app = await boot({
      DATABASE_PATH: join(dir, 'management.sqlite'),
      TEAMS_MANAGEMENT_CHANNEL_ID: '19:managers@thread.tacv2',
    });
    await installIn('19:managers@thread.tacv2');
    fake.calls.length = 0;
    clock.advance(24 * HOUR); // past the next 08:00 UTC, the default report time
    await app.tick();
    const thread = await until(
      () =>
        fake.calls.find(
          (c) =>
            c.method === 'POST' &&
            c.path === '/v3/conversations' &&
            JSON.stringify(c.body).includes('19:managers@thread.tacv2'),
        ),
      'the report thread',
    );
    const card = JSON.stringify(thread.body);
    expect(card).toMatch(/每日统计.*の日次統計.*Daily figures for/);
    // Nobody gets the report a second time in a personal chat.
    const elsewhere = fake.calls.filter(
      (c) => c !== thread && JSON.stringify(c.body).includes('Daily figures for'),
    );
    expect(elsewhere).toEqual([]);
  });

  it('does not mark a message sent when the user removed the app (403): the service lead hears', async () => {
    // The service lead has the app, so the bot can reach them.
    await post({
      type: 'message',
      from: { id: '29:lin', name: 'Zhou Lin', aadObjectId: 'aad-lin-zhou' },
      conversation: { id: 'a:lin.zhou', conversationType: 'personal', tenantId: 't1' },
      text: 'ticket list',
    });
    await until(() => fake.sent('a:lin.zhou')[0], 'the list');
    await intake('cust-gone', [
      'Hello',
      'Gone',
      'gone@example.com',
      'Germany',
      'LX-200',
      'It is broken, error E-31.',
      '2',
      'yes',
    ]);
    fake.refuse.set('a:cust-gone', 403);
    await post({
      type: 'message',
      from: { id: '29:anna', name: 'Anna', aadObjectId: 'aad-anna-schmidt' },
      conversation: { id: 'a:anna', conversationType: 'personal', tenantId: 't1' },
      text: 'ticket claim 1001',
    });
    const flag = await until(
      () => fake.sent('a:lin.zhou').find((a) => JSON.stringify(a).includes('cust-gone')),
      'the flag to the service lead',
    );
    expect(JSON.stringify(flag)).toContain('cust-gone');
    const pending = await app.store.read((tx) => tx.duePending(clock.now() + 10 * HOUR, 100));
    expect(pending.filter((m) => m.address.conversationId === 'teams:conv:a:cust-gone')).toEqual(
      [],
    );
  });
});

describe('Teams with an app id', () => {
  it('refuses a request that carries no valid token', async () => {
    await app.stop();
    app = await boot({
      TEAMS_APP_ID: '12345678-1234-1234-1234-123456789abc',
      TEAMS_APP_PASSWORD: 'x',
      TEAMS_APP_TENANT_ID: '87654321-4321-4321-4321-cba987654321',
    });
    const response = await personal('intruder', 'Hello');
    expect(response.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.sent('a:intruder')).toEqual([]);
  });
});

describe('Teams without an app id', () => {
  it('refuses to listen unauthenticated on a public interface', async () => {
    await app.stop();
    await expect(boot({ HOST: '0.0.0.0' })).rejects.toThrow(/TEAMS_APP_ID is not set/);
    app = await boot();
  });
});
