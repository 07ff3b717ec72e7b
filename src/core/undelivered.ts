import type { OutboxMessage } from '../store/types.ts';
import type { CoreDeps } from './deps.ts';
import { tellStaff } from './notify.ts';

const FLAG = 'staff.delivery_failed';

/**
 * A message that could not be delivered after every retry is never dropped in silence: the
 * service leads are told who did not get what, so a person can reach them another way. A failed
 * flag itself is only logged, so one broken channel cannot start a loop.
 */
export async function flagUndelivered(
  deps: CoreDeps,
  message: OutboxMessage,
  reason: string,
): Promise<void> {
  if (message.message.error === FLAG) return;
  await deps.store.transaction(async (tx) => {
    await tellStaff(deps, tx, deps.directory.serviceLeads(), message.ticketId, (t) => ({
      text: t(FLAG, {
        recipient: message.recipient,
        platform: message.address.platform,
        number: message.ticketId ?? '—',
        reason: reason.slice(0, 200),
      }),
      fields: [{ label: t('staff.undelivered_text'), value: message.message.text }],
      error: FLAG,
    }));
    if (message.ticketId !== null) {
      await tx.appendEvent({
        ticketId: message.ticketId,
        at: deps.clock.now(),
        actor: 'system',
        kind: 'delivery_failed',
        data: { outbox: message.id, recipient: message.recipient, reason: reason.slice(0, 200) },
      });
    }
  });
  deps.outboxChanged();
}
