import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Conversation, ERASED, type NewTicket, type Store } from '../../src/store/types.ts';

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);

export const sampleTicket = (overrides: Partial<NewTicket> = {}): NewTicket => ({
  conversationId: 'chat:c1',
  platform: 'web',
  customerId: 'c1',
  language: 'ja',
  name: '佐藤 花子',
  contact: 'hanako@example.jp',
  contactKind: 'email',
  country: 'JP',
  product: 'LX-200',
  problem: '紙詰まりが起きます',
  requestedUrgency: 'high',
  urgency: 'high',
  field: 'printing',
  createdAt: T0,
  ...overrides,
});

const conversation = (overrides: Partial<Conversation> = {}): Conversation => ({
  id: 'chat:c1',
  platform: 'web',
  userId: 'c1',
  language: 'ja',
  state: 'intake',
  step: 'contact',
  editing: false,
  draft: { name: '佐藤 花子' },
  ticketId: null,
  createdAt: T0,
  updatedAt: T0,
  ...overrides,
});

/**
 * What every store must do, whatever database is behind it. A new implementation runs this suite
 * with its own factory and must pass it unchanged.
 */
export function storeContract(name: string, open: () => Promise<Store> | Store): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('keeps a conversation with its draft and step, and updates it in place', async () => {
      await store.transaction((tx) => tx.saveConversation(conversation()));
      await store.transaction((tx) =>
        tx.saveConversation(conversation({ step: 'country', draft: { name: 'x', contact: 'y' } })),
      );
      const saved = await store.read((tx) => tx.getConversation('chat:c1'));
      expect(saved?.step).toBe('country');
      expect(saved?.draft).toEqual({ name: 'x', contact: 'y' });
      expect(saved?.language).toBe('ja');
      expect(await store.read((tx) => tx.getConversation('chat:none'))).toBeUndefined();
    });

    it('numbers tickets from 1001 upwards and reads them back whole', async () => {
      const first = await store.transaction((tx) => tx.createTicket(sampleTicket()));
      const second = await store.transaction((tx) => tx.createTicket(sampleTicket()));
      expect(first.id).toBe(1001);
      expect(second.id).toBe(1002);
      expect(first).toMatchObject({
        ...sampleTicket(),
        state: 'new',
        type: null,
        assigneeId: null,
      });
    });

    it('gives a ticket to exactly one of two claimants when the write expects it unheld', async () => {
      const { id } = await store.transaction((tx) => tx.createTicket(sampleTicket()));
      const [a, b] = await Promise.all([
        store.transaction((tx) => tx.updateTicket(id, { assigneeId: 'a' }, null)),
        store.transaction((tx) => tx.updateTicket(id, { assigneeId: 'b' }, null)),
      ]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      expect((await store.read((tx) => tx.getTicket(id)))?.assigneeId).toBe(a ? 'a' : 'b');
    });

    it('lists open tickets newest first and leaves closed ones out', async () => {
      for (let i = 0; i < 3; i += 1)
        await store.transaction((tx) => tx.createTicket(sampleTicket()));
      await store.transaction((tx) => tx.updateTicket(1002, { state: 'closed' }));
      const open = await store.read((tx) => tx.listOpenTickets(10));
      expect(open.map((t) => t.id)).toEqual([1003, 1001]);
    });

    it('finds the tickets that matter to a period once each: opened, closed or due in it', async () => {
      const hour = 3_600_000;
      const created = [T0 - 50 * hour, T0 - 47 * hour, T0 + hour, T0 - 100 * hour, T0 - 60 * hour];
      await store.transaction(async (tx) => {
        for (const createdAt of created) await tx.createTicket(sampleTicket({ createdAt }));
        // 1001 fell due before the period; 1002 falls due and closes in it; 1003 opens in it;
        // 1004 closes in it; 1005 fell due before it, and time recorded as waiting for the
        // customer does not move its deadline.
        await tx.updateTicket(1002, { closedAt: T0 + 2 * hour, state: 'closed' });
        await tx.updateTicket(1004, { closedAt: T0 + 3 * hour, state: 'closed' });
        await tx.updateTicket(1005, { pausedMs: 14 * hour });
      });
      const found = await store.read((tx) => tx.ticketsForPeriod(T0, T0 + 24 * hour, 48 * hour));
      expect(found.map((t) => t.id)).toEqual([1002, 1003, 1004]);
      const none = await store.read((tx) =>
        tx.ticketsForPeriod(T0 + 30 * 24 * hour, T0 + 31 * 24 * hour, 48 * hour),
      );
      expect(none).toEqual([]);
    });

    it('rolls a failed transaction back completely', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.createTicket(sampleTicket());
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.read((tx) => tx.getTicket(1001))).toBeUndefined();
    });

    it('keeps the timeline append-only, in order', async () => {
      const { id } = await store.transaction((tx) => tx.createTicket(sampleTicket()));
      await store.transaction(async (tx) => {
        await tx.appendEvent({
          ticketId: id,
          at: T0,
          actor: 'customer',
          kind: 'created',
          data: {},
        });
        await tx.appendEvent({
          ticketId: id,
          at: T0 + 1,
          actor: 'a',
          kind: 'claimed',
          data: { x: 1 },
        });
      });
      const events = await store.read((tx) => tx.listEvents(id));
      expect(events.map((e) => e.kind)).toEqual(['created', 'claimed']);
      expect(events[1]?.data).toEqual({ x: 1 });
      const after = await store.read((tx) => tx.eventsAfter(events[0]?.id ?? 0, 10));
      expect(after.map((e) => e.kind)).toEqual(['claimed']);
    });

    it('delivers outbox messages when due, and keeps failed ones pending until retry time', async () => {
      const address = { platform: 'web' as const, conversationId: 'chat:c1' };
      const id = await store.transaction((tx) =>
        tx.enqueue({
          address,
          recipient: 'c1',
          language: 'ja',
          ticketId: null,
          message: { text: 'こんにちは', ask: 'name' },
          createdAt: T0,
        }),
      );
      const due = await store.read((tx) => tx.duePending(T0, 10));
      expect(due).toHaveLength(1);
      expect(due[0]?.message).toEqual({ text: 'こんにちは', ask: 'name' });

      await store.transaction((tx) => tx.markRetry(id, '503', T0 + 5000, false));
      expect(await store.read((tx) => tx.duePending(T0 + 4999, 10))).toHaveLength(0);
      const retry = await store.read((tx) => tx.duePending(T0 + 5000, 10));
      expect(retry[0]?.attempts).toBe(1);

      await store.transaction((tx) => tx.markSent(id, T0 + 5001));
      expect(await store.read((tx) => tx.duePending(T0 + 99_999, 10))).toHaveLength(0);
    });

    it('gives a conversation transcript in order across inbound and outbound lines, resumable', async () => {
      await store.transaction(async (tx) => {
        await tx.addInbound('chat:c1', T0, 'hello');
        await tx.enqueue({
          address: { platform: 'web', conversationId: 'chat:c1' },
          recipient: 'c1',
          language: 'en',
          ticketId: null,
          message: { text: 'What is your name?' },
          createdAt: T0,
        });
        await tx.addInbound('chat:c1', T0 + 10, 'Ann');
        await tx.addInbound('chat:other', T0 + 10, 'elsewhere');
      });
      const all = await store.read((tx) => tx.transcript('chat:c1', 0, 50));
      expect(all.map((l) => l.text)).toEqual(['hello', 'What is your name?', 'Ann']);
      const rest = await store.read((tx) => tx.transcript('chat:c1', all[1]?.cursor ?? 0, 50));
      expect(rest.map((l) => l.text)).toEqual(['Ann']);
    });

    it('keeps deadlines until fired, earliest first, and counts failed attempts', async () => {
      const { id } = await store.transaction((tx) => tx.createTicket(sampleTicket()));
      const [a, b, c] = await store.transaction(async (tx) => [
        await tx.addDeadline({
          ticketId: id,
          kind: 'accept',
          dueAt: T0 + 30,
          data: {},
          createdAt: T0,
        }),
        await tx.addDeadline({
          ticketId: id,
          kind: 'classify',
          dueAt: T0 + 10,
          data: { n: 1 },
          createdAt: T0,
        }),
        await tx.addDeadline({
          ticketId: id,
          kind: 'resolve',
          dueAt: T0 + 50,
          data: {},
          createdAt: T0,
        }),
      ]);
      expect(await store.read((tx) => tx.nextDeadlineAt())).toBe(T0 + 10);
      const due = await store.read((tx) => tx.dueDeadlines(T0 + 30, 10));
      expect(due.map((d) => d.id)).toEqual([b, a]);
      expect(due[0]?.data).toEqual({ n: 1 });
      expect(await store.transaction((tx) => tx.failDeadline(b as number))).toBe(1);
      expect(await store.transaction((tx) => tx.failDeadline(b as number))).toBe(2);
      await store.transaction(async (tx) => {
        await tx.finishDeadline(b as number, T0 + 31, 'acted');
        await tx.finishDeadline(b as number, T0 + 99, 'skipped'); // fired once: no change
        await tx.cancelDeadlines(id, ['accept', 'resolve'], T0 + 32);
      });
      const all = await store.read((tx) => tx.listDeadlines(id));
      expect(all.map((d) => [d.id, d.outcome, d.firedAt])).toEqual([
        [b, 'acted', T0 + 31],
        [a, 'cancelled', T0 + 32],
        [c, 'cancelled', T0 + 32],
      ]);
      expect(await store.read((tx) => tx.nextDeadlineAt())).toBeUndefined();
    });

    it('undoes an isolated piece of work alone, keeping the rest of the transaction', async () => {
      await store.transaction(async (tx) => {
        await tx.createTicket(sampleTicket());
        await expect(
          tx.isolate(async () => {
            await tx.createTicket(sampleTicket({ name: 'lost' }));
            throw new Error('this item fails');
          }),
        ).rejects.toThrow('this item fails');
        await tx.isolate(() => tx.createTicket(sampleTicket({ name: 'kept' })));
      });
      const open = await store.read((tx) => tx.listOpenTickets(10));
      expect(open.map((t) => t.name)).toEqual(['kept', '佐藤 花子']);
    });

    it('keeps rooms, their departments, confirmations and pings', async () => {
      const { id } = await store.transaction((tx) => tx.createTicket(sampleTicket()));
      await store.transaction((tx) => tx.openRoom(id, ['parts', 'quality'], 'anna', T0));
      await store.transaction((tx) => tx.openRoom(id, ['parts', 'logistics'], 'anna', T0 + 5));
      expect(await store.transaction((tx) => tx.confirmRoom(id, 'parts', 'ken', T0 + 6))).toBe(
        true,
      );
      expect(await store.transaction((tx) => tx.confirmRoom(id, 'parts', 'ken', T0 + 7))).toBe(
        false,
      );
      expect(await store.transaction((tx) => tx.pingRoom(id, 'quality'))).toBe(1);
      expect(await store.transaction((tx) => tx.pingRoom(id, 'quality'))).toBe(2);
      const room = await store.read((tx) => tx.listRoom(id));
      expect(room.map((r) => [r.department, r.confirmedBy, r.pings])).toEqual([
        ['parts', 'ken', 0],
        ['quality', null, 2],
        ['logistics', null, 0],
      ]);
      await store.transaction((tx) => tx.closeRoom(id, T0 + 9));
      expect(await store.read((tx) => tx.getRoom(id))).toEqual({ openedAt: T0, closedAt: T0 + 9 });
    });

    it('remembers seen deliveries, platform references, sign-ins and report posts', async () => {
      expect(await store.read((tx) => tx.firstReportPost())).toBeUndefined();
      expect(await store.transaction((tx) => tx.markSeen('slack:Ev1', T0))).toBe(true);
      expect(await store.transaction((tx) => tx.markSeen('slack:Ev1', T0 + 1))).toBe(false);
      await store.transaction((tx) => tx.saveRef('teams:a', '{"v":1}', T0));
      await store.transaction((tx) => tx.saveRef('teams:a', '{"v":2}', T0 + 1));
      expect(await store.read((tx) => tx.loadRef('teams:a'))).toBe('{"v":2}');
      expect(await store.read((tx) => tx.loadRef('teams:none'))).toBeUndefined();
      await store.transaction((tx) => tx.saveSession('hash', 'anna', T0 + 100));
      expect(await store.read((tx) => tx.findSession('hash', T0 + 99))).toBe('anna');
      expect(await store.read((tx) => tx.findSession('hash', T0 + 100))).toBeUndefined();
      await store.transaction((tx) => tx.deleteSession('hash'));
      expect(await store.read((tx) => tx.findSession('hash', T0))).toBeUndefined();
      expect(await store.transaction((tx) => tx.claimReportPost('daily', '2026-01-04', T0))).toBe(
        true,
      );
      expect(await store.transaction((tx) => tx.claimReportPost('daily', '2026-01-04', T0))).toBe(
        false,
      );
      await store.transaction((tx) => tx.claimReportPost('weekly', '2026-01-03', T0));
      await store.transaction((tx) => tx.claimReportPost('daily', '2026-01-05', T0));
      expect(await store.read((tx) => tx.firstReportPost())).toBe('2026-01-03');
    });

    it('keeps directory changes in order and counts open tickets per holder', async () => {
      await store.transaction(async (tx) => {
        await tx.addDirectoryChange({
          at: T0,
          actor: 'tom',
          action: 'put',
          personId: 'x',
          record: { id: 'x' },
        });
        await tx.addDirectoryChange({
          at: T0 + 1,
          actor: 'tom',
          action: 'remove',
          personId: 'x',
          record: null,
        });
        const a = await tx.createTicket(sampleTicket());
        const b = await tx.createTicket(sampleTicket());
        const c = await tx.createTicket(sampleTicket());
        await tx.updateTicket(a.id, { assigneeId: 'anna', state: 'assigned' });
        await tx.updateTicket(b.id, { assigneeId: 'anna', state: 'assigned' });
        await tx.updateTicket(c.id, { assigneeId: 'anna', state: 'closed', closedAt: T0 + 2 });
      });
      const changes = await store.read((tx) => tx.listDirectoryChanges());
      expect(changes.map((c) => [c.action, c.record])).toEqual([
        ['put', { id: 'x' }],
        ['remove', null],
      ]);
      expect(await store.read((tx) => tx.openTicketCounts())).toEqual(new Map([['anna', 2]]));
    });

    it('leases claimed messages: not due to anyone until sent, retried, or the lease ends', async () => {
      const enqueue = (conversationId: string, text: string) =>
        store.transaction((tx) =>
          tx.enqueue({
            address: { platform: 'web', conversationId },
            recipient: 'c1',
            language: 'en',
            ticketId: null,
            message: { text },
            createdAt: T0,
          }),
        );
      const first = await enqueue('chat:a', 'one');
      await enqueue('chat:a', 'two');
      await enqueue('chat:b', 'three');
      const claimed = await store.transaction((tx) => tx.claimPending(T0, 10, T0 + 60_000));
      // One message per conversation at a time, so each conversation keeps its order.
      expect(claimed.map((m) => m.message.text)).toEqual(['one', 'three']);
      expect(await store.transaction((tx) => tx.claimPending(T0 + 59_999, 10, T0 + 1e6))).toEqual(
        [],
      );
      await store.transaction((tx) => tx.markSent(first, T0 + 1));
      const next = await store.transaction((tx) => tx.claimPending(T0 + 2, 10, T0 + 60_002));
      expect(next.map((m) => m.message.text)).toEqual(['two']);
      // The sender of 'three' died: its lease ends and it is due again.
      const again = await store.transaction((tx) => tx.claimPending(T0 + 60_000, 10, T0 + 120_000));
      expect(again.map((m) => m.message.text)).toEqual(['three']);
    });
    it('finds everything held about a customer and erases it, keeping what statistics need', async () => {
      const T1 = T0 + 3_600_000;
      const { id } = await store.transaction(async (tx) => {
        await tx.saveConversation(conversation({ state: 'ticket', draft: { name: '佐藤 花子' } }));
        await tx.addInbound('chat:c1', T0, '佐藤 花子');
        const ticket = await tx.createTicket(sampleTicket());
        await tx.updateTicket(ticket.id, { state: 'closed', closedAt: T1, rating: 5, plan: 'x' });
        await tx.enqueue({
          address: { platform: 'web', conversationId: 'chat:c1' },
          recipient: 'c1',
          language: 'ja',
          ticketId: ticket.id,
          message: { text: '佐藤 花子 様' },
          createdAt: T0,
        });
        await tx.enqueue({
          address: { platform: 'web', conversationId: 'console:lead' },
          recipient: 'lead',
          language: 'en',
          ticketId: ticket.id,
          message: { text: 'hanako@example.jp' },
          createdAt: T0,
        });
        await tx.appendEvent({
          ticketId: ticket.id,
          at: T1,
          actor: 'a',
          kind: 'closed',
          data: { reason: 'other', details: 'called 佐藤' },
        });
        await tx.saveRef('chat:c1', '{"r":1}', T0);
        await tx.saveRef('web:user:c1', '{"r":2}', T0);
        await tx.createTicket(sampleTicket({ customerId: 'c2', conversationId: 'chat:c2' }));
        return ticket;
      });

      const held = await store.read(async (tx) => ({
        tickets: await tx.ticketsOfCustomer('c1'),
        conversations: await tx.customerConversations('c1'),
        messages: await tx.storedMessages(['chat:c1'], [id]),
        refs: await tx.platformRefs(['chat:c1', 'web:user:c1', 'chat:c2']),
        closed: await tx.closedUnerasedBefore(T1 + 1, 10),
      }));
      expect(held.tickets.map((t) => t.id)).toEqual([id]);
      expect(held.conversations.map((c) => c.draft.name)).toEqual(['佐藤 花子']);
      expect(held.messages.map((m) => m.direction)).toEqual(['in', 'out', 'out']);
      expect(held.refs.map((r) => r.key)).toEqual(['chat:c1', 'web:user:c1']);
      expect(held.closed.map((t) => t.id)).toEqual([id]);

      const [event] = await store.read((tx) => tx.listEvents(id));
      await store.transaction(async (tx) => {
        await tx.eraseTicket(id, T1 + 5);
        await tx.eraseConversation('chat:c1', Number.MAX_SAFE_INTEGER, true);
        await tx.eraseEventData(event?.id ?? 0, { reason: 'other', details: ERASED, erased: true });
        await tx.deletePlatformRefs(['chat:c1', 'web:user:c1']);
      });
      const after = await store.read(async (tx) => ({
        ticket: await tx.getTicket(id),
        other: await tx.getTicket(id + 1),
        conversation: await tx.getConversation('chat:c1'),
        messages: await tx.storedMessages(['chat:c1'], [id]),
        events: await tx.listEvents(id),
        refs: await tx.platformRefs(['chat:c1', 'web:user:c1']),
        closed: await tx.closedUnerasedBefore(T1 + 1, 10),
      }));
      expect(after.ticket).toMatchObject({
        name: ERASED,
        contact: ERASED,
        problem: ERASED,
        plan: ERASED,
        erasedAt: T1 + 5,
        createdAt: T0,
        closedAt: T1,
        rating: 5,
        country: 'JP',
        urgency: 'high',
      });
      expect(after.other?.name).toBe('佐藤 花子');
      expect(after.conversation).toMatchObject({ draft: {}, state: 'idle', ticketId: null });
      expect(after.messages.map((m) => m.body)).toEqual([
        ERASED,
        JSON.stringify({ text: ERASED }),
        JSON.stringify({ text: ERASED }),
      ]);
      expect(after.events.map((e) => [e.at, e.actor, e.kind, e.data])).toEqual([
        [T1, 'a', 'closed', { reason: 'other', details: ERASED, erased: true }],
      ]);
      expect(after.refs).toEqual([]);
      expect(after.closed).toEqual([]);
    });

    it('refuses any change of the timeline but an erasure of its data', async () => {
      const { id } = await store.transaction((tx) => tx.createTicket(sampleTicket()));
      await store.transaction((tx) =>
        tx.appendEvent({
          ticketId: id,
          at: T0,
          actor: 'a',
          kind: 'closed',
          data: { details: 'x' },
        }),
      );
      const [event] = await store.read((tx) => tx.listEvents(id));
      const eventId = event?.id ?? 0;
      const unmarked = { details: ERASED } as unknown as { erased: true };
      await expect(store.transaction((tx) => tx.eraseEventData(eventId, unmarked))).rejects.toThrow(
        /append-only/,
      );
      expect((await store.read((tx) => tx.listEvents(id)))[0]?.data).toEqual({ details: 'x' });
    });
  });
}
