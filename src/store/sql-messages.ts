import type { NeutralMessage } from '../core/messages.ts';
import { placeholders, type Sql } from './sql.ts';
import { toOutbox } from './sql-rows.ts';
import type { NewOutboxMessage, OutboxMessage, TranscriptEntry } from './types.ts';

/**
 * The store's queries of conversations' lines and their delivery: queueing, leasing, marking and
 * reading the transcript. Written once for both databases (see `Sql`); `SqlTx` is built on them.
 */
export class MessageQueries {
  constructor(protected readonly db: Sql) {}

  async enqueue(m: NewOutboxMessage): Promise<number> {
    return this.db.insert(
      `INSERT INTO messages (conversation_id, direction, at, body, platform, recipient, language,
         ticket_id, status, next_attempt_at)
       VALUES (?, 'out', ?, ?, ?, ?, ?, ?, 'pending', ?)`,
      [
        m.address.conversationId,
        m.createdAt,
        JSON.stringify(m.message),
        m.address.platform,
        m.recipient,
        m.language,
        m.ticketId,
        m.createdAt,
      ],
    );
  }

  async duePending(now: number, limit: number): Promise<OutboxMessage[]> {
    const rows = await this.db.all(
      `SELECT * FROM messages AS m WHERE status = 'pending' AND next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM messages AS earlier
           WHERE earlier.conversation_id = m.conversation_id AND earlier.id < m.id
             AND earlier.status = 'pending')
       ORDER BY next_attempt_at, id LIMIT ?`,
      [now, limit],
    );
    return rows.map(toOutbox);
  }

  async claimPending(now: number, limit: number, leaseUntil: number): Promise<OutboxMessage[]> {
    // The claim is a lease: the messages are not due again until it ends, so no other replica
    // (or pass) sends them meanwhile, and one whose sender died becomes due again by itself.
    const rows = await this.db.all(
      `SELECT * FROM messages AS m WHERE status = 'pending' AND next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM messages AS earlier
           WHERE earlier.conversation_id = m.conversation_id AND earlier.id < m.id
             AND earlier.status = 'pending')
       ORDER BY next_attempt_at, id LIMIT ?${this.db.claimRows}`,
      [now, limit],
    );
    if (rows.length === 0) return [];
    await this.db.run(
      `UPDATE messages SET next_attempt_at = ? WHERE id IN (${placeholders(rows.length)})`,
      [leaseUntil, ...rows.map((row) => row.id)],
    );
    // The lease's end is also its token: only its holder's writes match it.
    return rows.map((row) => ({ ...toOutbox(row), nextAttemptAt: leaseUntil }));
  }

  async markSent(id: number, at: number, lease?: number): Promise<boolean> {
    const held = lease === undefined ? '' : " AND status = 'pending' AND next_attempt_at = ?";
    const changes = await this.db.run(
      `UPDATE messages SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?${held}`,
      lease === undefined ? [at, id] : [at, id, lease],
    );
    return changes === 1;
  }

  async markRetry(
    id: number,
    error: string,
    nextAttemptAt: number,
    failed: boolean,
    lease?: number,
  ): Promise<boolean> {
    const held = lease === undefined ? '' : " AND status = 'pending' AND next_attempt_at = ?";
    const params = [error.slice(0, 500), nextAttemptAt, failed ? 'failed' : 'pending', id];
    const changes = await this.db.run(
      `UPDATE messages SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
         status = ? WHERE id = ?${held}`,
      lease === undefined ? params : [...params, lease],
    );
    return changes === 1;
  }

  async renewLease(id: number, lease: number, until: number): Promise<boolean> {
    const changes = await this.db.run(
      `UPDATE messages SET next_attempt_at = ?
       WHERE id = ? AND status = 'pending' AND next_attempt_at = ?`,
      [until, id, lease],
    );
    return changes === 1;
  }

  async transcript(
    conversationId: string,
    after: number,
    limit: number,
  ): Promise<TranscriptEntry[]> {
    const rows = await this.db.all(
      `SELECT id, direction, at, body FROM messages WHERE conversation_id = ? AND id > ?
       ORDER BY id LIMIT ?`,
      [conversationId, after, limit],
    );
    return rows.map((row) => {
      const inbound = row.direction === 'in';
      const message = inbound ? null : (JSON.parse(row.body as string) as NeutralMessage);
      return {
        cursor: row.id as number,
        direction: inbound ? 'in' : 'out',
        at: row.at as number,
        text: message ? message.text : (row.body as string),
        message,
      };
    });
  }
}
