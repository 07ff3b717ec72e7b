import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { FakeClock, HOUR } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { Store } from '../../src/store/types.ts';
import { APP_ID, BOT_ID, FakeDiscord, GUILD_ID } from '../fakes/discord.ts';
import { team } from '../support/sim.ts';
import { until } from '../support/wait.ts';

const fake = new FakeDiscord();
const CUSTOMER = '700000000000000001';
const JAMES = '800000000000000114';
const CARLOS = '800000000000000111';
let dir: string;
let app: App;
let clock: FakeClock;

beforeAll(() => fake.start());
afterAll(() => fake.stop());

async function boot(extra: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'db.sqlite'),
    LOG_LEVEL: 'silent',
    DISCORD_TOKEN: 'test-token-for-a-loopback-fake-0000',
    DISCORD_GUILD_ID: GUILD_ID,
    DISCORD_ROOM_PARENT_ID: '900000000000000010',
    DISCORD_API_URL: fake.url,
    ...extra,
  });
  clock = new FakeClock(Date.now());
  return startApp({ config, directory: team(), logger: silentLogger(), clock, scheduler: false });
}

beforeEach(async () => {
  fake.calls.length = 0;
  fake.failures = [];
  dir = mkdtempSync(join(tmpdir(), 'loop48-discord-'));
  app = await boot();
});
afterEach(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Messages the bot posted to a user's DM channel (the fake names it after the user). */
const dmPosts = (user: string) =>
  fake
    .of(`/channels/8${user.slice(1)}/messages`, 'POST')
    .map((c) => c.body as { content: string; allowed_mentions?: unknown; components?: unknown[] });

function dm(user: string, content: string) {
  fake.dispatch('MESSAGE_CREATE', {
    id: fake.nextId(),
    channel_id: `8${user.slice(1)}`,
    channel_type: 1,
    author: { id: user, username: 'customer', discriminator: '0', global_name: 'Customer' },
    content,
    timestamp: new Date().toISOString(),
    type: 0,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
  });
}

function slash(
  user: string,
  sub: string,
  options: { name: string; type: number; value: string | number }[],
  locale = 'en-US',
) {
  const id = fake.nextId();
  fake.dispatch('INTERACTION_CREATE', {
    id,
    application_id: APP_ID,
    type: 2,
    token: `token-${id}`,
    version: 1,
    locale,
    guild_id: GUILD_ID,
    channel_id: '900000000000000010',
    channel: { id: '900000000000000010', type: 0 },
    member: {
      user: { id: user, username: 'staff', discriminator: '0' },
      roles: [],
      permissions: '0',
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
    },
    data: { id: '1', name: 'ticket', type: 1, options: [{ name: sub, type: 1, options }] },
    entitlements: [],
    authorizing_integration_owners: {},
    app_permissions: '0',
  });
  return id;
}

async function sayAndWait(user: string, text: string): Promise<void> {
  const before = dmPosts(user).length;
  dm(user, text);
  await until(() => dmPosts(user).length > before || undefined, `a reply to ${text}`);
}

describe('Discord', () => {
  it('connects with the intents and partials it needs and registers /ticket on the server', async () => {
    const intents = Number(fake.identified?.intents);
    // Guilds (1), GuildMessages (512), DirectMessages (4096), MessageContent (32768).
    expect(intents & (1 | 512 | 4096 | 32768)).toBe(1 | 512 | 4096 | 32768);
    const registered = await until(
      () => fake.of(`/applications/${APP_ID}/guilds/${GUILD_ID}/commands`, 'PUT')[0],
      'registration',
    );
    expect(JSON.stringify(registered.body)).toContain('"name":"claim"');
  });

  it('runs the intake in a direct message, in the customer’s language, pinging nobody', async () => {
    for (const text of [
      'こんにちは',
      '佐藤 花子',
      'hanako@example.jp',
      '日本',
      'LX-200',
      '紙詰まりでエラーが出て動かない。',
      '2',
    ]) {
      await sayAndWait(CUSTOMER, text);
    }
    const summary = dmPosts(CUSTOMER).at(-1);
    expect(summary?.content).toMatch(/ご依頼内容/);
    await sayAndWait(CUSTOMER, 'はい');
    expect(dmPosts(CUSTOMER).at(-1)?.content).toMatch(/1001/);
    for (const post of fake.of('/messages', 'POST')) {
      expect(
        (post.body as { allowed_mentions?: { parse: unknown[] } }).allowed_mentions?.parse,
      ).toEqual([]);
    }
  });

  it('keeps @everyone, @here and mentions in customer text inert', async () => {
    for (const text of [
      'Hello',
      'John',
      'john@example.com',
      'United States',
      '@everyone @here <@&123> <@456> LX-200',
    ]) {
      await sayAndWait(CUSTOMER, text);
    }
    const asked = dmPosts(CUSTOMER).at(-1) as {
      allowed_mentions: { parse: unknown[]; users: unknown[] };
    };
    expect(asked.allowed_mentions).toEqual({ parse: [], users: [] });
  });

  it('answers /ticket within the deadline by deferring, then edits the answer in', async () => {
    const id = slash(JAMES, 'list', []);
    const deferred = await until(
      () => fake.of(`/interactions/${id}/token-${id}/callback`)[0],
      'the deferral',
    );
    expect(deferred.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const answer = await until(
      () => fake.of(`/webhooks/${APP_ID}/token-${id}/messages/`, 'PATCH')[0],
      'the answer',
    );
    expect(String((answer.body as { content: string }).content)).toMatch(
      /no open tickets|open ticket/,
    );
  });

  it('gives a claimed ticket to one of two engineers at the same instant', async () => {
    for (const text of [
      'Hello',
      'John',
      'john@example.com',
      'United States',
      'LX-200',
      'It is broken, error E-31.',
      '2',
      'yes',
    ]) {
      await sayAndWait(CUSTOMER, text);
    }
    const a = slash(JAMES, 'claim', [{ name: 'number', type: 4, value: 1001 }]);
    const b = slash(CARLOS, 'claim', [{ name: 'number', type: 4, value: 1001 }]);
    const answers = await until(() => {
      const got = [a, b].map(
        (id) => fake.of(`/webhooks/${APP_ID}/token-${id}/messages/`, 'PATCH')[0],
      );
      return got.every(Boolean) ? got : undefined;
    }, 'both answers');
    const texts = answers.map((c) => (c ? String((c.body as { content: string }).content) : ''));
    expect(texts.filter((t) => /already held by/.test(t))).toHaveLength(1);
  });

  it('logs an expired interaction (10062) and goes on working', async () => {
    const id = fake.nextId();
    fake.failures.push({
      match: `/interactions/${id}/`,
      status: 404,
      code: 10062,
      message: 'Unknown interaction',
    });
    fake.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type: 2,
      token: `token-${id}`,
      version: 1,
      locale: 'en-US',
      channel_id: '1',
      user: { id: JAMES, username: 'staff', discriminator: '0' },
      data: { id: '1', name: 'ticket', type: 1, options: [{ name: 'list', type: 1, options: [] }] },
      entitlements: [],
      authorizing_integration_owners: {},
      app_permissions: '0',
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sayAndWait(CUSTOMER, 'Hello after an expired interaction');
  });

  it('counts as ready with the gateway connected, and again once it has resumed', async () => {
    await app.tick();
    expect((await app.ready()).checks).toMatchObject({ discord: 'ok', web: 'ok' });
    await sayAndWait(CUSTOMER, 'Hello');
    const before = dmPosts(CUSTOMER).length;
    fake.disconnect();
    dm(CUSTOMER, 'Ann Lee');
    // discord.js reconnects after a back-off, which a busy machine stretches: allow it time.
    await until(
      () => dmPosts(CUSTOMER).length > before || undefined,
      'the reply after resuming',
      15_000,
    );
    // Resumed: messages flow again, and the gateway counts as connected.
    expect((await app.ready()).checks.discord).toBe('ok');
  });

  it('loses no message across a gateway disconnect and resume', async () => {
    await sayAndWait(CUSTOMER, 'Hello');
    const before = dmPosts(CUSTOMER).length;
    fake.disconnect();
    dm(CUSTOMER, 'Ann Lee');
    // discord.js reconnects after a back-off, which a busy machine stretches: allow it time.
    await until(
      () => dmPosts(CUSTOMER).length > before || undefined,
      'the reply after resuming',
      15_000,
    );
  });
});

describe('Discord buttons and rooms', () => {
  async function openTicket(): Promise<void> {
    for (const text of [
      'Hello',
      'John',
      'john@example.com',
      'United States',
      'LX-200',
      'It is broken, error E-31.',
      '2',
      'yes',
    ]) {
      await sayAndWait(CUSTOMER, text);
    }
  }

  function press(user: string, customId: string): string {
    const id = fake.nextId();
    fake.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type: 3,
      token: `token-${id}`,
      version: 1,
      locale: 'en-US',
      channel_id: `8${user.slice(1)}`,
      channel: { id: `8${user.slice(1)}`, type: 1 },
      user: { id: user, username: 'staff', discriminator: '0' },
      message: {
        id: fake.nextId(),
        channel_id: `8${user.slice(1)}`,
        content: '',
        author: { id: BOT_ID, username: 'Loop48', discriminator: '0' },
        timestamp: new Date().toISOString(),
        type: 0,
        embeds: [],
        components: [],
      },
      data: { custom_id: customId, component_type: 2 },
      entitlements: [],
      authorizing_integration_owners: {},
      app_permissions: '0',
    });
    return id;
  }

  it('lets the routed engineer claim with the button, and a second press or a stranger change nothing', async () => {
    await openTicket();
    const notice = await until(
      () =>
        dmPosts(JAMES).find((p) =>
          JSON.stringify(p.components ?? []).includes('/ticket claim 1001'),
        ),
      'the Claim button',
    );
    expect(notice).toBeDefined();
    const first = press(JAMES, 'l48|-|/ticket claim 1001');
    await until(
      () => fake.of(`/webhooks/${APP_ID}/token-${first}/messages/`, 'PATCH')[0],
      'the claim answer',
    );
    const again = press(JAMES, 'l48|-|/ticket claim 1001');
    const second = await until(
      () => fake.of(`/webhooks/${APP_ID}/token-${again}/messages/`, 'PATCH')[0],
      'the second answer',
    );
    expect(String((second.body as { content: string }).content)).toMatch(/already yours/);
    const stranger = press(CUSTOMER, 'l48|-|/ticket claim 1001');
    const refused = await until(
      () => fake.of(`/webhooks/${APP_ID}/token-${stranger}/messages/`, 'PATCH')[0],
      'the refusal',
    );
    expect(String((refused.body as { content: string }).content)).toMatch(/service team only/);
  });

  it('opens a room as a private thread, adds the members and mentions the unconfirmed on pings', async () => {
    await openTicket();
    const claim = slash(JAMES, 'claim', [{ name: 'number', type: 4, value: 1001 }]);
    await until(
      () => fake.of(`/webhooks/${APP_ID}/token-${claim}/messages/`, 'PATCH')[0],
      'the claim',
    );
    slash(JAMES, 'room', [
      { name: 'number', type: 4, value: 1001 },
      { name: 'departments', type: 3, value: 'parts' },
    ]);
    const thread = await until(
      () => fake.of('/channels/900000000000000010/threads', 'POST')[0],
      'the thread',
    );
    expect(thread.body).toMatchObject({ type: 12 });
    await until(() => fake.of('/thread-members/800000000000000119', 'PUT')[0], 'Sato Yuki added');

    // Five minutes on, the parts department has not confirmed: its members are mentioned.
    const member = await until(() => fake.of('/thread-members/', 'PUT')[0], 'a member added');
    const threadId = member.path.split('/')[2];
    clock.advance(5 * 60_000);
    await app.tick();
    const ping = await until(
      () =>
        fake
          .of(`/channels/${threadId}/messages`, 'POST')
          .find((c) =>
            String((c.body as { content: string }).content).includes('<@800000000000000119>'),
          ),
      'the ping',
    );
    expect(
      (ping.body as { allowed_mentions: { users: string[] } }).allowed_mentions.users,
    ).toContain('800000000000000119');
  });
});

describe('Discord configuration', () => {
  it('posts the daily figures to the management channel, in its readers’ languages', async () => {
    await app.stop();
    fake.calls.length = 0;
    app = await boot({
      DATABASE_PATH: join(dir, 'management.sqlite'),
      DISCORD_MANAGEMENT_CHANNEL_ID: '900000000000000020',
    });
    clock.advance(24 * HOUR); // past the next 08:00 UTC, the default report time
    await app.tick();
    const posts = await until(() => {
      const found = fake.of('/channels/900000000000000020/messages', 'POST');
      return found.length > 0 ? found : undefined;
    }, 'the report in the management channel');
    for (const post of posts) {
      const { content } = post.body as { content: string };
      expect(content).toMatch(/每日统计[\s\S]*の日次統計[\s\S]*Daily figures for/);
    }
    // The readers are all on Discord and read it there: none gets it in a direct message too.
    const elsewhere = fake
      .of('/messages', 'POST')
      .filter((c) => !c.path.includes('900000000000000020'))
      .filter((c) => String((c.body as { content?: string }).content).includes('Daily figures'));
    expect(elsewhere).toEqual([]);
  });

  it('stops with what to turn on when the application lacks the message content intent', async () => {
    await app.stop();
    fake.refuseIntents = true;
    try {
      await expect(boot()).rejects.toThrow(/MESSAGE CONTENT INTENT/);
    } finally {
      fake.refuseIntents = false;
      app = await boot();
    }
  });
});

void BOT_ID;

describe('Discord readiness across replicas', () => {
  it('counts as connected while another replica holds the gateway, or this one is connected to it', async () => {
    const { startDiscord } = await import('../../adapters/discord/adapter.ts');
    // The lease is handed out by the test: first another replica has it, then this one.
    let gain: (() => void) | undefined;
    let lose: (() => void) | undefined;
    const store: Store = {
      transaction: (work) => app.store.transaction(work),
      read: (work) => app.store.read(work),
      close: async () => undefined,
      holdLease: async (_name: string, gained: () => void, lost?: () => void) => {
        gain = gained;
        lose = lost;
        return async () => undefined;
      },
    };
    const adapter = await startDiscord(
      {
        token: 'test-token-for-a-loopback-fake-0000',
        guildId: GUILD_ID,
        supportChannelId: undefined,
        rooms: 'threads',
        roomParentId: undefined,
        apiUrl: fake.url,
      },
      {
        bot: app.bot,
        directory: team(),
        logger: silentLogger(),
        openTickets: async () => [],
        store,
      },
    );
    try {
      expect(adapter.connected()).toBe(true);
      gain?.();
      expect(adapter.connected()).toBe(false);
      await until(() => adapter.connected() || undefined, 'the gateway connection');
      lose?.();
      expect(adapter.connected()).toBe(true);
    } finally {
      await adapter.stop();
    }
  });
});
