import { placeholders } from './sql.ts';
import { MessageQueries } from './sql-messages.ts';
import { toConversation, toTicket } from './sql-rows.ts';
import {
  type Conversation,
  ERASED,
  type PlatformRef,
  type StoredMessage,
  type Ticket,
} from './types.ts';

/** An erased outbound message: still a message, saying only that it was erased. */
const ERASED_MESSAGE = JSON.stringify({ text: ERASED });

/**
 * The store's queries of a customer's personal data: finding everything held, erasing it, and the
 * closed tickets due for erasure under the retention period. Written once for both databases.
 */
export class PrivacyQueries extends MessageQueries {
  /** Drops a conversation from any cache kept of it (after it was erased). */
  protected forgetConversation(_id: string): void {}

  async ticketsOfCustomer(customerId: string): Promise<Ticket[]> {
    const rows = await this.db.all(
      `SELECT * FROM tickets WHERE customer_id = ? AND conversation_id NOT LIKE 'console:%'
       ORDER BY id`,
      [customerId],
    );
    return rows.map(toTicket);
  }

  async customerConversations(customerId: string): Promise<Conversation[]> {
    const rows = await this.db.all(
      "SELECT * FROM conversations WHERE user_id = ? AND id NOT LIKE 'console:%' ORDER BY id",
      [customerId],
    );
    return rows.map(toConversation);
  }

  async conversationsOfTickets(ticketIds: readonly number[]): Promise<Conversation[]> {
    if (ticketIds.length === 0) return [];
    const rows = await this.db.all(
      `SELECT * FROM conversations WHERE ticket_id IN (${placeholders(ticketIds.length)})
         AND id NOT LIKE 'console:%' ORDER BY id`,
      [...ticketIds],
    );
    return rows.map(toConversation);
  }

  async storedMessages(
    conversationIds: readonly string[],
    ticketIds: readonly number[],
  ): Promise<StoredMessage[]> {
    if (conversationIds.length === 0 && ticketIds.length === 0) return [];
    const rows = await this.db.all(
      `SELECT id, conversation_id, direction, at, body, recipient, ticket_id, status FROM messages
       WHERE conversation_id IN (${placeholders(conversationIds.length) || 'NULL'})
          OR ticket_id IN (${placeholders(ticketIds.length) || 'NULL'})
       ORDER BY id`,
      [...conversationIds, ...ticketIds],
    );
    return rows.map((row) => ({
      id: row.id as number,
      conversationId: row.conversation_id as string,
      direction: row.direction as 'in' | 'out',
      at: row.at as number,
      body: row.body as string,
      recipient: row.recipient as string | null,
      ticketId: row.ticket_id as number | null,
      status: row.status as string | null,
    }));
  }

  async platformRefs(keys: readonly string[]): Promise<PlatformRef[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.all(
      `SELECT key, ref, updated_at FROM platform_refs WHERE key IN (${placeholders(keys.length)})
       ORDER BY key`,
      keys,
    );
    return rows.map((row) => ({
      key: row.key as string,
      ref: row.ref as string,
      updatedAt: row.updated_at as number,
    }));
  }

  async eraseTicket(id: number, at: number): Promise<void> {
    await this.db.run(
      `UPDATE tickets SET name = ?, contact = ?, problem = ?,
         plan = CASE WHEN plan IS NULL THEN NULL ELSE ? END, erased_at = ?
       WHERE id = ?`,
      [ERASED, ERASED, ERASED, ERASED, at, id],
    );
    await this.db.run(
      `UPDATE messages SET body = CASE WHEN direction = 'in' THEN ? ELSE ? END,
         status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
       WHERE ticket_id = ?`,
      [ERASED, ERASED_MESSAGE, id],
    );
  }

  async eraseConversation(id: string, upTo: number, whole: boolean): Promise<void> {
    await this.db.run(
      `UPDATE messages SET body = CASE WHEN direction = 'in' THEN ? ELSE ? END,
         status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END
       WHERE conversation_id = ? AND at <= ?`,
      [ERASED, ERASED_MESSAGE, id, upTo],
    );
    if (!whole) return;
    await this.db.run(
      `UPDATE conversations SET draft = '{}', state = 'idle', step = NULL, editing = 0,
         ticket_id = NULL
       WHERE id = ?`,
      [id],
    );
    this.forgetConversation(id);
  }

  async eraseEventData(
    id: number,
    data: Record<string, unknown> & { erased: true },
  ): Promise<void> {
    await this.db.run('UPDATE ticket_events SET data = ? WHERE id = ?', [JSON.stringify(data), id]);
  }

  async deletePlatformRefs(keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.db.run(
      `DELETE FROM platform_refs WHERE key IN (${placeholders(keys.length)})`,
      keys,
    );
  }

  async closedUnerasedBefore(before: number, limit: number): Promise<Ticket[]> {
    const rows = await this.db.all(
      `SELECT * FROM tickets
       WHERE closed_at IS NOT NULL AND closed_at < ? AND state = 'closed' AND erased_at IS NULL
       ORDER BY closed_at, id LIMIT ?${this.db.claimRows}`,
      [before, limit],
    );
    return rows.map(toTicket);
  }
}
