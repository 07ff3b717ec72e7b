import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEADLINE } from '../../src/sla/schedule.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { FakeDiscord, GUILD_ID } from '../fakes/discord.ts';
import { sampleTicket } from '../store/contract.ts';
import { scratchDatabase } from '../support/postgres.ts';
import { until } from '../support/wait.ts';

/**
 * Whole bot processes sharing one PostgreSQL database, as a scaled-out deployment runs them:
 * staff notices go to Discord (a loopback fake that, like Discord, ignores a post whose nonce
 * it has already seen), and one replica at a time holds the Discord gateway.
 */
const TICKETS = 1_000;
/** The people a classification reminder goes to: the customer service staff (data/team.json). */
const TRIAGE = [
  '800000000000000101',
  '800000000000000102',
  '800000000000000103',
  '800000000000000120',
];
/** The fake names a person's direct-message channel after them. */
const dmChannel = (user: string) => `8${user.slice(1)}`;

const fake = new FakeDiscord();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

interface Replica {
  name: string;
  process: ChildProcess;
  log: string[];
}
const running: Replica[] = [];
afterEach(async () => {
  for (const replica of running.splice(0)) {
    if (replica.process.exitCode === null && replica.process.signalCode === null) {
      replica.process.kill('SIGKILL');
      await new Promise((resolve) => replica.process.once('exit', resolve));
    }
  }
});

function startReplica(name: string, url: string): Replica {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: url,
      REPLICA_NAME: name,
      LOG_LEVEL: 'info',
      SCHEDULER_TICK_SECONDS: '1',
      OUTBOX_LEASE_SECONDS: '5',
      DISCORD_TOKEN: 'test-token-for-a-loopback-fake-0000',
      DISCORD_GUILD_ID: GUILD_ID,
      DISCORD_API_URL: fake.url,
      DISCORD_REQUESTS_PER_SECOND: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const replica: Replica = { name, process: child, log: [] };
  let partial = '';
  const collect = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    replica.log.push(...lines);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  running.push(replica);
  return replica;
}

const said = (replica: Replica, words: string) => replica.log.some((l) => l.includes(words));

/** Opens 1,000 tickets awaiting classification, each with its reminder not yet due. */
async function seed(url: string): Promise<void> {
  const store = await openPostgresStore(url);
  await store.transaction(async (tx) => {
    for (let i = 0; i < TICKETS; i += 1) {
      const ticket = await tx.createTicket(sampleTicket({ createdAt: Date.now() }));
      await tx.addDeadline({
        ticketId: ticket.id,
        kind: DEADLINE.classifyRemind,
        dueAt: Date.UTC(2100, 0, 1),
        data: {},
        createdAt: Date.now(),
      });
    }
  });
  await store.close();
}

/** Makes every reminder due at this instant, all at once. */
async function allDueNow(url: string): Promise<void> {
  const store = await openPostgresStore(url);
  await store.transaction(async (tx) => {
    for (const d of await tx.dueDeadlines(Date.UTC(2100, 0, 1), TICKETS)) {
      await tx.cancelDeadlines(d.ticketId, [d.kind], 0);
      await tx.addDeadline({ ...d, dueAt: Date.now() });
    }
  });
  await store.close();
}

/** The ticket numbers each triage person was reminded of, once per Discord message. */
function reminders(): Map<string, number[]> {
  const seen = new Map<string, number[]>(TRIAGE.map((user) => [user, []]));
  for (const message of fake.created) {
    const user = TRIAGE.find((u) => dmChannel(u) === message.channel);
    const number = /#(\d{4})/.exec(message.content)?.[1];
    if (user && number && /classif|分类|分類|분류/i.test(message.content)) {
      seen.get(user)?.push(Number(number));
    }
  }
  return seen;
}

const everyTicket = Array.from({ length: TICKETS }, (_, i) => 1001 + i);

async function scenario(replicas: number, killHolderAt?: number) {
  const database = await scratchDatabase('replicas');
  try {
    await seed(database.url);
    fake.forgetMessages();
    const before = fake.identifies;
    const all = Array.from({ length: replicas }, (_, i) =>
      startReplica(`replica-${i + 1}`, database.url),
    );
    await until(
      () => all.every((r) => said(r, 'Loop48 is running')) || undefined,
      'every replica running',
      60_000,
    );
    // One replica holds the gateway; the others stand by.
    await until(() => fake.open.size === 1 || undefined, 'the gateway connected', 10_000);
    expect(all.filter((r) => said(r, 'holding the Discord gateway'))).toHaveLength(1);
    await allDueNow(database.url);

    let killed: Replica | undefined;
    if (killHolderAt !== undefined) {
      await until(
        () => fake.created.length >= killHolderAt || undefined,
        'the reminders under way',
        60_000,
      );
      killed = all.find((r) => said(r, 'holding the Discord gateway'));
      killed?.process.kill('SIGKILL');
      const identifiesBefore = fake.identifies;
      // Another replica takes the gateway within seconds.
      const survivor = await until(
        () =>
          all.find((r) => r !== killed && said(r, 'holding the Discord gateway')) &&
          fake.identifies > identifiesBefore
            ? all.find((r) => r !== killed && said(r, 'holding the Discord gateway'))
            : undefined,
        'a survivor on the gateway',
        15_000,
      );
      expect(survivor).toBeDefined();
    }

    await until(
      () => [...reminders().values()].every((n) => n.length >= TICKETS) || undefined,
      'every reminder delivered',
      120_000,
    );
    // A little longer: a doubled reminder would show up now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const [, numbers] of reminders()) {
      expect(numbers.toSorted((a, b) => a - b)).toEqual(everyTicket);
    }
    // Each reminder's deadline was acted on once, in the database's record too.
    const store = await openPostgresStore(database.url);
    const fired = await store.read(async (tx) => {
      let acted = 0;
      for (const id of everyTicket) {
        const deadlines = await tx.listDeadlines(id);
        acted += deadlines.filter((d) => d.outcome === 'acted').length;
      }
      return acted;
    });
    await store.close();
    expect(fired).toBe(TICKETS);
    expect(fake.identifies).toBeGreaterThan(before);
    return { all, killed };
  } finally {
    for (const replica of running) replica.process.kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await database.drop();
  }
}

describe('replicas on PostgreSQL', () => {
  it('two replicas send each of 1,000 reminders falling due at once exactly once', async () => {
    const { all } = await scenario(2);
    // The work was shared: each replica acted on some of the deadlines, together on all.
    const acted = all.map((r) => r.log.filter((l) => l.includes('deadline acted on')).length);
    expect(acted.every((n) => n > 0)).toBe(true);
    expect(acted.reduce((a, b) => a + b)).toBe(TICKETS);
  }, 180_000);

  it('three replicas, one killed -9 mid-way: nothing lost, nothing doubled, the gateway moves', async () => {
    const { killed } = await scenario(3, 1_500);
    expect(killed).toBeDefined();
  }, 180_000);
});
