import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { Stage, team } from '../support/sim.ts';

let stage: Stage;
beforeEach(() => {
  stage = new Stage();
});
afterEach(() => stage.close());

describe('administrators editing the team directory', () => {
  it('take an engineer off duty, and routing passes them by', async () => {
    const off = await stage.staff('tom.mueller', '/team duty anna.schmidt off');
    expect(off[0]?.error).toBeUndefined();
    const number = await stage.openTicket('uwe');
    expect((await stage.ticket(number))?.assigneeId).not.toBe('anna.schmidt');
  });

  it('add a person who can then be routed to, and show them', async () => {
    const added = await stage.staff(
      'tom.mueller',
      '/team add eva.berg engineering engineer en Europe/Stockholm Eva Berg',
    );
    expect(added[0]?.error).toBeUndefined();
    await stage.staff('tom.mueller', '/team set eva.berg fields printing');
    await stage.staff('tom.mueller', '/team set eva.berg covers SE DE');
    const shown = await stage.staff('mei.chen', '/team show eva.berg');
    expect(shown[0]?.fields?.find((f) => f.value.includes('printing'))).toBeDefined();

    const number = await stage.openTicket('uwe');
    expect((await stage.ticket(number))?.assigneeId).toBe('eva.berg');
  });

  it('explain a change that is not valid, and change nothing', async () => {
    const zone = await stage.staff('tom.mueller', '/team set anna.schmidt timezone Mars/Olympus');
    expect(zone[0]?.error).toBe('team.errors.invalid');
    const department = await stage.staff('tom.mueller', '/team set anna.schmidt department sales');
    expect(department[0]?.error).toBe('team.errors.invalid');
    const role = await stage.staff('tom.mueller', '/team set anna.schmidt roles engneer');
    expect(role[0]?.error).toBe('team.errors.invalid');
    const what = await stage.staff('tom.mueller', '/team set anna.schmidt shoe 42');
    expect(what[0]?.error).toBe('team.errors.bad_attribute');
    const nobody = await stage.staff('tom.mueller', '/team remove ghost');
    expect(nobody[0]?.error).toBe('team.errors.no_person');
    const shown = await stage.staff('tom.mueller', '/team show anna.schmidt');
    expect(JSON.stringify(shown)).toContain('Europe/Berlin');
  });

  it('record every change in the directory history', async () => {
    await stage.staff('tom.mueller', '/team duty jiwoo.park off');
    await stage.staff('tom.mueller', '/team remove chiyan.lau');
    const history = await stage.staff('mei.chen', '/team history');
    expect(history[0]?.fields?.map((f) => f.value)).toHaveLength(2);
  });
});

describe('directory changes across a restart', () => {
  it('are kept and replayed over the team file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'loop48-team-'));
    const config = loadConfig({
      PORT: '0',
      DATABASE_PATH: join(dir, 'db.sqlite'),
      LOG_LEVEL: 'silent',
    });
    const first = await startApp({
      config,
      directory: team(),
      logger: silentLogger(),
      clock: systemClock,
      scheduler: false,
    });
    await first.bot.handle({
      platform: 'web',
      conversationId: 'console:tom.mueller',
      userId: 'tom.mueller',
      staffId: 'tom.mueller',
      text: '/team duty anna.schmidt off',
    });
    await first.stop();

    const directory = team();
    const second = await startApp({
      config,
      directory,
      logger: silentLogger(),
      clock: systemClock,
      scheduler: false,
    });
    expect(directory.get('anna.schmidt')?.onDuty).toBe(false);
    await second.stop();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a ticket opened by customer service for a customer who phoned', () => {
  it('runs the intake in the customer’s language and sends the customer’s messages to the console', async () => {
    const started = await stage.staff('mei.chen', '/ticket new 日本語');
    expect(started.at(-1)).toMatchObject({ language: 'ja', ask: 'name' });
    for (const answer of ['Yamada Taro', '+81 3-1234-5678', 'Japan', 'LX-200']) {
      await stage.staff('mei.chen', answer);
    }
    await stage.staff(
      'mei.chen',
      'Paper jam, error E-31, the printer does not work and is broken.',
    );
    const summary = await stage.staff('mei.chen', '2');
    expect(summary.at(-1)?.ask).toBe('confirm');
    const created = await stage.staff('mei.chen', 'はい');
    const ticket = await stage.ticket(1001);
    expect(ticket).toMatchObject({ language: 'ja', name: 'Yamada Taro', country: 'JP' });
    const forCustomer = created.filter((m) => m.to === 'staff:mei.chen' && m.language === 'ja');
    expect(forCustomer[0]?.text).toContain('1001');
    const opened = (await stage.events(1001))[0];
    expect(opened).toMatchObject({ kind: 'created', actor: 'mei.chen', data: { onBehalf: true } });

    // Back to commands; the engineer's claim notice for the customer comes here to pass on.
    const list = await stage.staff('mei.chen', '/ticket list');
    expect(list[0]?.error).toBeUndefined();
    const claimed = await stage.staff('hiroshi.tanaka', '/ticket claim 1001');
    expect(claimed.find((m) => m.to === 'staff:mei.chen')?.language).toBe('ja');
  });
});
