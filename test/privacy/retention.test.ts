import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ERASED } from '../../src/store/types.ts';
import { Stage } from '../support/sim.ts';

const DAY = 86_400_000;

/** Opens a ticket for `customer` and has its engineer close it; returns its number. */
async function closedTicket(stage: Stage, customer: string): Promise<number> {
  const number = await stage.openTicket(customer);
  await stage.staff('anna.schmidt', `/ticket claim ${number}`);
  await stage.staff('anna.schmidt', `/ticket close ${number}`);
  return number;
}

/** Moves the fake clock to `days` after the ticket closed and lets the scheduler tick. */
async function tickAfter(stage: Stage, closedAt: number, days: number): Promise<void> {
  stage.sim.clock.set(Math.max(stage.sim.clock.now(), closedAt + days * DAY));
  await stage.sim.scheduler.tick();
}

describe('retention of closed tickets’ personal data', () => {
  it('erases a closed ticket once RETENTION_DAYS have passed since it closed, once', async () => {
    const stage = new Stage(loadConfig({ RETENTION_DAYS: '30' }));
    const old = await closedTicket(stage, 'ulla');
    const closedAt = (await stage.ticket(old))?.closedAt ?? 0;
    // The same customer writes again later: the newer ticket keeps its data.
    stage.sim.clock.set(closedAt + 20 * DAY);
    const newer = await stage.openTicket('ulla', { problem: 'The printer is broken: E-77.' });

    await tickAfter(stage, closedAt, 29);
    expect(await stage.ticket(old)).toMatchObject({ name: 'ulla Example', erasedAt: null });

    await tickAfter(stage, closedAt, 31);
    const erased = await stage.ticket(old);
    expect(erased).toMatchObject({ name: ERASED, contact: ERASED, problem: ERASED });
    expect(erased).toMatchObject({ state: 'closed', closedAt, country: 'DE' });
    expect(await stage.ticket(newer)).toMatchObject({ name: 'ulla Example', erasedAt: null });
    const lines = await stage.sim.store.read((tx) => tx.transcript('chat:ulla', 0, 1000));
    const newerLines = lines.filter((l) => l.at > closedAt).map((l) => l.text);
    expect(newerLines).toContain('The printer is broken: E-77.');
    expect(lines.filter((l) => l.at <= closedAt).every((l) => l.text === ERASED)).toBe(true);

    // Idempotent: later ticks erase nothing twice.
    await tickAfter(stage, closedAt, 33);
    await tickAfter(stage, closedAt, 40);
    const events = (await stage.events(old)).filter((e) => e.kind === 'erased');
    expect(events).toMatchObject([{ actor: 'system', data: { why: 'retention' } }]);
    await stage.close();
  });

  it('keeps everything with RETENTION_DAYS=0', async () => {
    const stage = new Stage(loadConfig({ RETENTION_DAYS: '0' }));
    const number = await closedTicket(stage, 'ravi');
    const closedAt = (await stage.ticket(number))?.closedAt ?? 0;
    await tickAfter(stage, closedAt, 5000);
    expect(await stage.ticket(number)).toMatchObject({ name: 'ravi Example', erasedAt: null });
    await stage.close();
  });
});
