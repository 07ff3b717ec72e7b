import { openSqliteStore } from '../../src/store/sqlite.ts';
import { seedTicket } from './tickets.ts';

/**
 * A bot stand-in for backup tests: opens the SQLite database at argv[2] as the bot does and
 * opens tickets, each with its event, one transaction each, printing each number once committed,
 * until stopped with SIGTERM.
 */
const store = openSqliteStore(process.argv[2] ?? '');
let running = true;
process.once('SIGTERM', () => {
  running = false;
});
let at = 0;
while (running) {
  at += 1;
  const id = await store.transaction(async (tx) => {
    const ticket = await seedTicket(tx, { created: at });
    await tx.appendEvent({ ticketId: ticket, at, actor: 'customer', kind: 'created', data: {} });
    return ticket;
  });
  process.stdout.write(`${id}\n`);
  await new Promise((resolve) => setImmediate(resolve));
}
await store.close();
