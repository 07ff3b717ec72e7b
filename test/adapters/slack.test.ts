import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type App, startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { FakeClock, HOUR, MINUTE } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { FakeSlack, slackHeaders } from '../fakes/slack-api.ts';
import { team } from '../support/sim.ts';
import { until } from '../support/wait.ts';

const SECRET = 'test-signing-secret-0123456789';
const fake = new FakeSlack();
let dir: string;
let app: App;
let clock: FakeClock;

beforeAll(async () => {
  await fake.start();
  fake.users.set('UCUSTJA', {
    locale: 'ja-JP',
    real_name: '佐藤 花子',
    email: 'hanako@example.jp',
  });
  fake.users.set('UCUSTEN', { locale: 'en-US', real_name: 'John Smith' });
});
afterAll(() => fake.stop());

async function boot(path: string, extra: Record<string, string> = {}): Promise<App> {
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: path,
    LOG_LEVEL: 'silent',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_PORT: '0',
    SLACK_API_URL: `${fake.url}/api/`,
    SLACK_PACE_MS: '0',
    ...extra,
  });
  return startApp({ config, directory: team(), logger: silentLogger(), clock, scheduler: false });
}

beforeEach(async () => {
  fake.calls.length = 0;
  fake.rateLimited = 0;
  dir = mkdtempSync(join(tmpdir(), 'loop48-slack-'));
  clock = new FakeClock();
  app = await boot(join(dir, 'db.sqlite'));
});
afterEach(async () => {
  await app.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Posts a signed request to the bot's Slack endpoint, as Slack would. */
async function deliver(body: string, type: 'json' | 'form', extra: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${app.slackPort}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
      ...slackHeaders(SECRET, body),
      ...extra,
    },
    body,
  });
}

let ts = 1_700_000_000;
/** A fresh Slack timestamp, as each event or trigger gets. */
function nextTs(): number {
  ts += 1;
  return ts;
}

/** A direct message from a user, as the Events API delivers it. */
function dm(user: string, text: string, at = `${nextTs()}.000200`) {
  return JSON.stringify({
    type: 'event_callback',
    team_id: 'T1',
    api_app_id: 'A1',
    event_id: `Ev${at.replace('.', '')}`,
    event_time: Math.floor(Number(at)),
    event: {
      type: 'message',
      channel: `D${user}`,
      channel_type: 'im',
      user,
      text,
      ts: at,
      event_ts: at,
    },
  });
}

function command(user: string, text: string) {
  return new URLSearchParams({
    command: '/ticket',
    text,
    user_id: user,
    channel_id: `D${user}`,
    team_id: 'T1',
    trigger_id: `trig.${nextTs()}`,
    response_url: `${fake.url}/respond/${ts}`,
  }).toString();
}

function press(
  user: string,
  value: string,
  messageTs: string,
  channel = `D${user}`,
  actionId = 'loop48:-:0',
) {
  const payload = {
    type: 'block_actions',
    user: { id: user },
    team: { id: 'T1' },
    channel: { id: channel },
    container: { type: 'message', message_ts: messageTs, channel_id: channel },
    message: { ts: messageTs },
    response_url: `${fake.url}/respond/${nextTs()}`,
    trigger_id: `trig.${ts}`,
    actions: [{ type: 'button', action_id: actionId, value, action_ts: String(ts) }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const postsTo = (channel: string) => fake.posts().filter((p) => p.channel === channel);

/** Waits until the bot has answered (more posts than `before`) and has stopped posting. */
async function settled(channel: string, before: number): Promise<void> {
  await until(() => postsTo(channel).length > before || undefined, 'a reply');
  let last = -1;
  while (postsTo(channel).length !== last) {
    last = postsTo(channel).length;
    await new Promise((resolve) => setTimeout(resolve, 80));
  }
}

/** Runs a whole intake for a customer over DMs and returns the ticket number. */
async function intake(user: string, answers: string[]): Promise<number> {
  for (const answer of answers) {
    const before = postsTo(user).length;
    expect((await deliver(dm(user, answer), 'json')).status).toBe(200);
    await settled(user, before);
  }
  const created = await until(
    () => postsTo(user).find((p) => /#(\d{4})/.test(p.text)),
    'the ticket number',
  );
  return Number(/#(\d{4})/.exec(created.text)?.[1]);
}

describe('Slack', () => {
  it('counts as ready while its events server listens', async () => {
    await app.tick();
    const report = await app.ready();
    expect(report).toEqual({
      ready: true,
      checks: { database: 'ok', writes: 'ok', scheduler: 'ok', web: 'ok', slack: 'ok' },
    });
  });

  it('runs the intake in Japanese from the user’s Slack locale, skipping what the profile knows', async () => {
    const number = await intake('UCUSTJA', [
      'こんにちは',
      '日本',
      'LX-200',
      '紙詰まりでエラーが出て動かないです。',
      '2',
      'はい',
    ]);
    expect(number).toBe(1001);
    const replies = postsTo('UCUSTJA').map((p) => p.text);
    expect(replies.some((text) => text.includes('お名前'))).toBe(false);
    expect(replies.at(-1)).toMatch(/受付番号|1001/);
  });

  it('runs the intake in English with buttons for choices', async () => {
    for (const text of [
      'Hi',
      'john@example.com',
      'United States',
      'LX-200',
      'It is broken, error E-31.',
    ]) {
      const before = postsTo('UCUSTEN').length;
      await deliver(dm('UCUSTEN', text), 'json');
      await settled('UCUSTEN', before);
    }
    const question = postsTo('UCUSTEN').at(-1);
    const blocks = (question?.blocks ?? []) as { type: string; elements?: { value: string }[] }[];
    const actions = blocks.find((b) => b.type === 'actions');
    expect(actions?.elements?.map((e) => e.value)).toEqual(['1', '2', '3']);
    await deliver(
      press('UCUSTEN', '2', '1700000001.000100', 'DUCUSTEN', 'loop48:urgency:1'),
      'form',
    );
    await until(
      () => postsTo('UCUSTEN').find((p) => p.text.includes('check your request')),
      'summary',
    );
  });

  it('handles the same message once, whether retried or seen again as a mention, even after a restart', async () => {
    const body = dm('UCUSTEN', 'Hello there', '1700009999.000100');
    await deliver(body, 'json');
    await until(() => postsTo('UCUSTEN').length >= 2 || undefined, 'the greeting');
    await deliver(body, 'json', {
      'x-slack-retry-num': '1',
      'x-slack-retry-reason': 'http_timeout',
    });
    const mention = JSON.parse(body);
    mention.event.type = 'app_mention';
    mention.event_id = 'EvOther';
    await deliver(JSON.stringify(mention), 'json');

    await app.stop();
    app = await boot(join(dir, 'db.sqlite'));
    await deliver(body, 'json', { 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_error' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(postsTo('UCUSTEN')).toHaveLength(2);
  });

  it('ignores the bot’s own messages, edits and link unfurls', async () => {
    const own = JSON.parse(dm('UBOT', 'I am the bot'));
    own.event.bot_id = 'BBOT';
    const edit = JSON.parse(dm('UQUIET', 'edited'));
    edit.event.subtype = 'message_changed';
    const unfurl = JSON.parse(dm('UQUIET', 'https://example.com'));
    unfurl.event.subtype = 'message_changed';
    unfurl.event.message = { attachments: [{ title: 'Example' }] };
    for (const body of [own, edit, unfurl]) await deliver(JSON.stringify(body), 'json');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...postsTo('UQUIET'), ...postsTo('UBOT')]).toEqual([]);
  });

  it('shows customer text literally: mentions and markup notify nobody and are escaped once', async () => {
    // What Slack delivers when a customer types <!channel> & <@U123> <b> literally.
    const typed = '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;b&gt;';
    for (const text of [
      'Hi',
      'john@example.com',
      'United States',
      `LX-200 ${typed}`,
      'It is broken, error E-31.',
      '2',
    ]) {
      const before = postsTo('UCUSTEN').length;
      await deliver(dm('UCUSTEN', text), 'json');
      await settled('UCUSTEN', before);
    }
    const summary = postsTo('UCUSTEN').at(-1);
    const fieldTexts = JSON.stringify(summary?.blocks);
    expect(fieldTexts).toContain('LX-200 <!channel> & <@U123> <b>');
    await deliver(dm('UCUSTEN', 'yes'), 'json');
    const notice = await until(
      () => postsTo('U0JAMESCART').find((p) => p.text.includes('LX-200')),
      'the routed engineer’s notice',
    );
    expect(notice.text).toContain('LX-200 &lt;!channel&gt; &amp; &lt;@U123&gt; &lt;b&gt;');
    expect(notice.text).not.toContain('&amp;lt;');
    expect(notice.text).not.toContain('<!channel>');
  });

  it('refuses requests with a bad or old signature', async () => {
    const body = dm('USIGNED', 'Hello');
    const forged = await fetch(`http://127.0.0.1:${app.slackPort}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...slackHeaders('wrong-secret-0123456789', body),
      },
      body,
    });
    expect(forged.status).toBe(401);
    const old = await fetch(`http://127.0.0.1:${app.slackPort}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...slackHeaders(SECRET, body, 1_600_000_000) },
      body,
    });
    expect(old.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(postsTo('USIGNED')).toEqual([]);
  });

  it('gives a ticket to one of two engineers claiming at the same instant', async () => {
    const number = await intake('UCUSTEN', [
      'Hi',
      'john@example.com',
      'United States',
      'LX-200',
      'It is broken, error E-31.',
      '2',
      'yes',
    ]);
    // Ticket routed to James Carter; the lead Carlos Mendes may take it too. Both at once:
    await app.stop();
    app = await boot(join(dir, 'db.sqlite'));
    fake.calls.length = 0;
    const [a, b] = await Promise.all([
      deliver(command('U0JAMESCART', `claim ${number}`), 'form'),
      deliver(command('U0CARLOSMEN', `claim ${number}`), 'form'),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const answers = await until(() => {
      const r = fake.of('respond');
      return r.length >= 2 ? r : undefined;
    }, 'both answers');
    const texts = answers.map((r) => String(r.text));
    expect(texts.filter((t) => t.includes('already held by'))).toHaveLength(1);
  });

  it('opens a room as a channel, mentions the unconfirmed on pings, and stops when they confirm', async () => {
    const number = await intake('UCUSTEN', [
      'Hi',
      'john@example.com',
      'United States',
      'LX-200',
      'It is broken, error E-31.',
      '2',
      'yes',
    ]);
    await deliver(command('U0JAMESCART', `claim ${number}`), 'form');
    await until(() => fake.of('respond').length >= 1 || undefined, 'the claim answer');
    await deliver(command('U0JAMESCART', `room ${number} parts`), 'form');
    const invite = await until(() => fake.of('conversations.invite')[0], 'the invitations');
    expect(String(invite.users).split(',')).toEqual(
      expect.arrayContaining(['U0YUKISATO', 'U0AHMEDHASS', 'U0JAMESCART']),
    );
    expect(String(fake.of('conversations.create')[0]?.name)).toMatch(
      new RegExp(`^loop48-ticket-${number}-[0-9a-z]+$`),
    );
    expect(fake.of('conversations.create')[0]?.is_private).toBe('true');

    clock.advance(5 * MINUTE);
    await app.tick();
    const ping = await until(
      () => postsTo('CROOM1').find((p) => p.text.includes('<@U0YUKISATO>')),
      'the ping',
    );
    expect(ping.text).toContain('<@U0AHMEDHASS>');

    const pressed = await deliver(
      press('U0YUKISATO', `/ticket confirm ${number}`, '1700000000.1', 'CROOM1'),
      'form',
    );
    expect(pressed.status).toBe(200);
    await until(
      () => fake.of('respond').find((r) => String(r.text).includes('parts')),
      'the confirmation',
    );
    const before = postsTo('CROOM1').filter((p) => p.text.includes('<@')).length;
    clock.advance(10 * MINUTE);
    await app.tick();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(postsTo('CROOM1').filter((p) => p.text.includes('<@')).length).toBe(before);
  });

  it('rides out a storm of 429s: every message arrives once, after Retry-After', async () => {
    fake.rateLimited = 4;
    fake.retryAfter = 1;
    await deliver(dm('UCUSTEN', 'Hello'), 'json');
    await until(
      () => fake.calls.filter((c) => c.method === 'chat.postMessage:429').length >= 1 || undefined,
      'a 429',
    );
    for (let i = 0; i < 8 && postsTo('UCUSTEN').length < 2; i += 1) {
      clock.advance(30_000);
      await app.tick();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(postsTo('UCUSTEN').map((p) => p.text.slice(0, 20))).toHaveLength(2);
  });
});

describe('Slack, the less usual paths', () => {
  it('reads an email Slack turned into a mailto link, and mentions as the words typed', async () => {
    for (const text of ['Hi', '<mailto:john@example.com|john@example.com>']) {
      const before = postsTo('UCUSTEN').length;
      await deliver(dm('UCUSTEN', text), 'json');
      await settled('UCUSTEN', before);
    }
    expect(postsTo('UCUSTEN').at(-1)?.text).toMatch(/country/);
  });

  it('refuses a button from an earlier question instead of taking it as the current answer', async () => {
    for (const text of ['Hi', 'john@example.com']) {
      const before = postsTo('UCUSTEN').length;
      await deliver(dm('UCUSTEN', text), 'json');
      await settled('UCUSTEN', before);
    }
    const before = postsTo('UCUSTEN').length;
    await deliver(
      press('UCUSTEN', '1', '1700000002.000100', 'DUCUSTEN', 'loop48:urgency:0'),
      'form',
    );
    await until(() => postsTo('UCUSTEN').length >= before + 2 || undefined, 'the refusal');
    expect(postsTo('UCUSTEN').at(-2)?.text).toMatch(/earlier question/);
    expect(postsTo('UCUSTEN').at(-1)?.text).toMatch(/country/);
  });

  it('takes a mention in a shared channel to a direct message', async () => {
    const body = JSON.parse(dm('UCUSTEN', '<@UBOT> hello, I need help'));
    body.event.type = 'app_mention';
    body.event.channel = 'CSHARED';
    delete body.event.channel_type;
    await deliver(JSON.stringify(body), 'json');
    await until(() => postsTo('UCUSTEN').length >= 2 || undefined, 'the greeting in a DM');
    expect(postsTo('CSHARED')).toEqual([]);
  });

  it('answers a customer who presses a staff button privately, in the room it was pressed in', async () => {
    await deliver(press('UCUSTEN', '/ticket confirm 1001', '1700000003.1', 'CROOM9'), 'form');
    const answer = await until(() => fake.of('respond')[0], 'the private answer');
    expect(String(answer.text)).toMatch(/service team only/);
    expect(postsTo('CROOM9')).toEqual([]);
  });
});

describe('Slack configuration', () => {
  it('posts the daily figures to the management channel, in its readers’ languages', async () => {
    await app.stop();
    app = await boot(join(dir, 'management.sqlite'), { SLACK_MANAGEMENT_CHANNEL_ID: 'C0MGMT001' });
    clock.advance(7 * HOUR); // 08:00 UTC, the default report time
    await app.tick();
    const [post] = await until(() => {
      const found = postsTo('C0MGMT001');
      return found.length > 0 ? found : undefined;
    }, 'the report in the management channel');
    expect(post?.text).toContain('2026-01-04 每日统计');
    expect(post?.text).toContain('Daily figures for 2026-01-04');
    // The readers are all on Slack and read it there: none gets it in a direct message too.
    expect(fake.posts().filter((p) => p.text.includes('Daily figures'))).toHaveLength(1);
  });

  it('refuses to start in HTTP mode without a signing secret', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(
      /SLACK_SIGNING_SECRET: required/,
    );
  });
});
