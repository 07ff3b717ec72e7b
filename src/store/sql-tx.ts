import { placeholders, type Sql } from './sql.ts';
import { PrivacyQueries } from './sql-privacy.ts';
import {
  type Row,
  TICKET_COLUMNS,
  toConversation,
  toDeadline,
  toEvent,
  toTicket,
} from './sql-rows.ts';
import type {
  Conversation,
  Deadline,
  DirectoryChange,
  NewDeadline,
  NewTicket,
  NewTicketEvent,
  ReportTicket,
  RoomDepartment,
  StoreTx,
  Ticket,
  TicketEvent,
} from './types.ts';

/** Conversations kept in memory: enough for every conversation active in a busy day. */
const CACHED_CONVERSATIONS = 10_000;

/**
 * The store's unit of work over either database: each query is written once (see `Sql`). Its
 * queries of messages (`sql-messages.ts`) and of personal data (`sql-privacy.ts`) live apart.
 */
export class SqlTx extends PrivacyQueries implements StoreTx {
  /**
   * Recently used conversations, most recent last; only where this process is the database's one
   * writer (null otherwise: another replica may change a conversation at any time).
   */
  readonly #conversations: Map<string, Conversation> | null;
  #savepoint = 0;

  constructor(db: Sql, options: { cacheConversations: boolean }) {
    super(db);
    this.#conversations = options.cacheConversations ? new Map() : null;
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    let conversation = this.#conversations?.get(id);
    if (!conversation) {
      const row = await this.db.get(`SELECT * FROM conversations WHERE id = ?${this.db.lockRow}`, [
        id,
      ]);
      if (!row) return undefined;
      conversation = toConversation(row);
      this.#remember(conversation);
    }
    // A copy: the caller changes it, and the cache must only ever hold what was saved.
    return { ...conversation, draft: { ...conversation.draft } };
  }

  protected override forgetConversation(id: string): void {
    this.#conversations?.delete(id);
  }

  /** Forgets cached conversations (after a rollback, whose saves never happened). */
  forgetCached(): void {
    this.#conversations?.clear();
  }

  #remember(conversation: Conversation): void {
    const cache = this.#conversations;
    if (!cache) return;
    cache.delete(conversation.id);
    cache.set(conversation.id, conversation);
    if (cache.size > CACHED_CONVERSATIONS) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
  }

  async saveConversation(c: Conversation): Promise<void> {
    await this.db.run(
      `INSERT INTO conversations
         (id, platform, user_id, language, state, step, editing, draft, ticket_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET language = excluded.language, state = excluded.state,
         step = excluded.step, editing = excluded.editing, draft = excluded.draft,
         ticket_id = excluded.ticket_id, updated_at = excluded.updated_at`,
      [
        c.id,
        c.platform,
        c.userId,
        c.language,
        c.state,
        c.step,
        c.editing ? 1 : 0,
        JSON.stringify(c.draft),
        c.ticketId,
        c.createdAt,
        c.updatedAt,
      ],
    );
    this.#remember({ ...c, draft: { ...c.draft } });
  }

  async addInbound(conversationId: string, at: number, text: string): Promise<void> {
    await this.db.run(
      "INSERT INTO messages (conversation_id, direction, at, body) VALUES (?, 'in', ?, ?)",
      [conversationId, at, text],
    );
  }

  async saveRef(key: string, ref: string, at: number): Promise<void> {
    await this.db.run(
      `INSERT INTO platform_refs (key, ref, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
      [key, ref, at],
    );
  }

  async loadRef(key: string): Promise<string | undefined> {
    const row = await this.db.get('SELECT ref FROM platform_refs WHERE key = ?', [key]);
    return row?.ref as string | undefined;
  }

  async markSeen(key: string, at: number): Promise<boolean> {
    const changes = await this.db.run(
      'INSERT INTO inbound_seen (key, at) VALUES (?, ?) ON CONFLICT DO NOTHING',
      [key, at],
    );
    return changes === 1;
  }

  async createTicket(t: NewTicket): Promise<Ticket> {
    const row = await this.db.get(
      `INSERT INTO tickets (conversation_id, platform, customer_id, language, name, contact,
         contact_kind, country, product, problem, requested_urgency, urgency, field, state,
         created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?, ?)
       RETURNING *`,
      [
        t.conversationId,
        t.platform,
        t.customerId,
        t.language,
        t.name,
        t.contact,
        t.contactKind,
        t.country,
        t.product,
        t.problem,
        t.requestedUrgency,
        t.urgency,
        t.field,
        t.createdAt,
        t.createdAt,
      ],
    );
    if (!row) throw new Error('a ticket just inserted could not be read back');
    return toTicket(row);
  }

  async getTicket(id: number): Promise<Ticket | undefined> {
    const row = await this.db.get(`SELECT * FROM tickets WHERE id = ?${this.db.lockRow}`, [id]);
    return row && toTicket(row);
  }

  async updateTicket(
    id: number,
    patch: Partial<Omit<Ticket, 'id'>>,
    expectAssignee?: string | null,
  ): Promise<boolean> {
    const keys = Object.keys(patch) as (keyof typeof TICKET_COLUMNS)[];
    if (keys.length === 0) return true;
    const sets = keys.map((key) => `${TICKET_COLUMNS[key]} = ?`).join(', ');
    const params: unknown[] = keys.map((key) => patch[key] ?? null);
    let where = 'id = ?';
    params.push(id);
    if (expectAssignee === null) where += ' AND assignee_id IS NULL';
    else if (expectAssignee !== undefined) {
      where += ' AND assignee_id = ?';
      params.push(expectAssignee);
    }
    return (await this.db.run(`UPDATE tickets SET ${sets} WHERE ${where}`, params)) === 1;
  }

  async listOpenTickets(limit: number): Promise<Ticket[]> {
    const rows = await this.db.all(
      "SELECT * FROM tickets WHERE state <> 'closed' ORDER BY id DESC LIMIT ?",
      [limit],
    );
    return rows.map(toTicket);
  }

  async customerTickets(
    customer: { platform: string; customerId: string; contact: string },
    since: number,
  ): Promise<Ticket[]> {
    // Both sides of the OR have their own index (see the migration for customer tickets).
    const rows = await this.db.all(
      `SELECT * FROM tickets
        WHERE ((platform = ? AND customer_id = ?) OR contact = ?)
          AND (state <> 'closed' OR created_at >= ?)
        ORDER BY id LIMIT 100`,
      [customer.platform, customer.customerId, customer.contact, since],
    );
    return rows.map(toTicket);
  }

  async ticketsForPeriod(from: number, to: number, resolutionMs: number): Promise<ReportTicket[]> {
    // Three indexed ranges (see the migration's indexes); the OR keeps each ticket once. The
    // first acceptance comes from the timeline through its per-ticket index.
    const rows = await this.db.all(
      `SELECT t.*,
         (SELECT e.at || ' ' || e.actor FROM ticket_events e
           WHERE e.ticket_id = t.id AND e.kind IN ('accepted', 'claimed')
           ORDER BY e.id LIMIT 1) AS first_acceptance
       FROM tickets t
       WHERE (created_at >= ? AND created_at < ?)
          OR (closed_at >= ? AND closed_at < ?)
          OR (created_at >= ? AND created_at < ?)
       ORDER BY id`,
      [from, to, from, to, from - resolutionMs, to - resolutionMs],
    );
    return rows.map((row) => {
      const first = typeof row.first_acceptance === 'string' ? row.first_acceptance : null;
      const space = first?.indexOf(' ') ?? -1;
      return {
        ...toTicket(row),
        firstAcceptance:
          first && space > 0
            ? { at: Number(first.slice(0, space)), by: first.slice(space + 1) }
            : null,
      };
    });
  }

  async claimReportPost(kind: string, period: string, at: number): Promise<boolean> {
    const changes = await this.db.run(
      'INSERT INTO report_posts (kind, period, posted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
      [kind, period, at],
    );
    return changes === 1;
  }

  async firstReportPost(): Promise<string | undefined> {
    const row = await this.db.get('SELECT MIN(period) AS period FROM report_posts', []);
    return typeof row?.period === 'string' ? row.period : undefined;
  }

  async appendEvent(e: NewTicketEvent): Promise<void> {
    await this.db.run(
      'INSERT INTO ticket_events (ticket_id, at, actor, kind, data) VALUES (?, ?, ?, ?, ?)',
      [e.ticketId, e.at, e.actor, e.kind, JSON.stringify(e.data)],
    );
  }

  async listEvents(ticketId: number): Promise<TicketEvent[]> {
    const rows = await this.db.all('SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id', [
      ticketId,
    ]);
    return rows.map(toEvent);
  }

  async eventsAfter(id: number, limit: number): Promise<TicketEvent[]> {
    const rows = await this.db.all('SELECT * FROM ticket_events WHERE id > ? ORDER BY id LIMIT ?', [
      id,
      limit,
    ]);
    return rows.map(toEvent);
  }

  async addDeadline(d: NewDeadline): Promise<number> {
    return this.db.insert(
      'INSERT INTO deadlines (ticket_id, kind, due_at, data, created_at) VALUES (?, ?, ?, ?, ?)',
      [d.ticketId, d.kind, d.dueAt, JSON.stringify(d.data), d.createdAt],
    );
  }

  async dueDeadlines(now: number, limit: number): Promise<Deadline[]> {
    // Where replicas share the database, each takes deadlines no other is acting on; the rows
    // stay locked until its transaction ends, and a replica that dies releases them.
    const rows = await this.db.all(
      `SELECT * FROM deadlines WHERE fired_at IS NULL AND due_at <= ?
       ORDER BY due_at, id LIMIT ?${this.db.claimRows}`,
      [now, limit],
    );
    return rows.map(toDeadline);
  }

  async finishDeadline(id: number, at: number, outcome: string): Promise<void> {
    await this.db.run(
      'UPDATE deadlines SET fired_at = ?, outcome = ? WHERE id = ? AND fired_at IS NULL',
      [at, outcome, id],
    );
  }

  async failDeadline(id: number): Promise<number> {
    const row = await this.db.get(
      'UPDATE deadlines SET attempts = attempts + 1 WHERE id = ? RETURNING attempts',
      [id],
    );
    return (row?.attempts as number | undefined) ?? 0;
  }

  async cancelDeadlines(ticketId: number, kinds: readonly string[], at: number): Promise<void> {
    if (kinds.length === 0) return;
    await this.db.run(
      `UPDATE deadlines SET fired_at = ?, outcome = 'cancelled'
       WHERE ticket_id = ? AND kind IN (${placeholders(kinds.length)}) AND fired_at IS NULL`,
      [at, ticketId, ...kinds],
    );
  }

  async listDeadlines(ticketId: number): Promise<Deadline[]> {
    const rows = await this.db.all(
      'SELECT * FROM deadlines WHERE ticket_id = ? ORDER BY due_at, id',
      [ticketId],
    );
    return rows.map(toDeadline);
  }

  async nextDeadlineAt(): Promise<number | undefined> {
    const row = await this.db.get(
      'SELECT MIN(due_at) AS due FROM deadlines WHERE fired_at IS NULL',
    );
    return (row?.due as number | null) ?? undefined;
  }

  async openRoom(
    ticketId: number,
    departments: readonly string[],
    by: string,
    at: number,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO rooms (ticket_id, opened_by, opened_at) VALUES (?, ?, ?)
       ON CONFLICT (ticket_id) DO UPDATE SET closed_at = NULL`,
      [ticketId, by, at],
    );
    for (const department of departments) {
      await this.db.run(
        `INSERT INTO room_departments (ticket_id, department, opened_at) VALUES (?, ?, ?)
         ON CONFLICT (ticket_id, department) DO NOTHING`,
        [ticketId, department, at],
      );
    }
  }

  async getRoom(
    ticketId: number,
  ): Promise<{ openedAt: number; closedAt: number | null } | undefined> {
    const row = await this.db.get('SELECT opened_at, closed_at FROM rooms WHERE ticket_id = ?', [
      ticketId,
    ]);
    return row && { openedAt: row.opened_at as number, closedAt: row.closed_at as number | null };
  }

  async closeRoom(ticketId: number, at: number): Promise<void> {
    await this.db.run('UPDATE rooms SET closed_at = ? WHERE ticket_id = ? AND closed_at IS NULL', [
      at,
      ticketId,
    ]);
  }

  async openTicketCounts(): Promise<Map<string, number>> {
    const rows = await this.db.all(
      `SELECT assignee_id, COUNT(*) AS n FROM tickets
       WHERE state <> 'closed' AND assignee_id IS NOT NULL GROUP BY assignee_id`,
    );
    return new Map(rows.map((r) => [r.assignee_id as string, r.n as number]));
  }

  async addDirectoryChange(change: DirectoryChange): Promise<void> {
    await this.db.run(
      'INSERT INTO directory_changes (at, actor, action, person_id, record) VALUES (?, ?, ?, ?, ?)',
      [
        change.at,
        change.actor,
        change.action,
        change.personId,
        change.record ? JSON.stringify(change.record) : null,
      ],
    );
  }

  async listDirectoryChanges(): Promise<DirectoryChange[]> {
    const rows = await this.db.all('SELECT * FROM directory_changes ORDER BY id');
    return rows.map((row) => ({
      at: row.at as number,
      actor: row.actor as string,
      action: row.action as DirectoryChange['action'],
      personId: row.person_id as string,
      record: row.record ? (JSON.parse(row.record as string) as Record<string, unknown>) : null,
    }));
  }

  async listRoom(ticketId: number): Promise<RoomDepartment[]> {
    const rows = await this.db.all(
      'SELECT * FROM room_departments WHERE ticket_id = ? ORDER BY opened_at, department',
      [ticketId],
    );
    return rows.map((row: Row) => ({
      ticketId: row.ticket_id as number,
      department: row.department as string,
      openedAt: row.opened_at as number,
      confirmedAt: row.confirmed_at as number | null,
      confirmedBy: row.confirmed_by as string | null,
      pings: row.pings as number,
    }));
  }

  async confirmRoom(
    ticketId: number,
    department: string,
    by: string,
    at: number,
  ): Promise<boolean> {
    const changes = await this.db.run(
      `UPDATE room_departments SET confirmed_at = ?, confirmed_by = ?
       WHERE ticket_id = ? AND department = ? AND confirmed_at IS NULL`,
      [at, by, ticketId, department],
    );
    return changes === 1;
  }

  async pingRoom(ticketId: number, department: string): Promise<number> {
    const row = await this.db.get(
      `UPDATE room_departments SET pings = pings + 1 WHERE ticket_id = ? AND department = ?
       RETURNING pings`,
      [ticketId, department],
    );
    return (row?.pings as number | undefined) ?? 0;
  }

  async isolate<T>(work: () => Promise<T>): Promise<T> {
    this.#savepoint += 1;
    const name = `s${this.#savepoint}`;
    await this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      await this.db.exec(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.db.exec(`ROLLBACK TO SAVEPOINT ${name}`);
      await this.db.exec(`RELEASE SAVEPOINT ${name}`);
      this.forgetCached();
      throw error;
    }
  }

  async saveSession(tokenHash: string, staffId: string, expiresAt: number): Promise<void> {
    await this.db.run(
      'INSERT INTO console_sessions (token_hash, staff_id, expires_at) VALUES (?, ?, ?)',
      [tokenHash, staffId, expiresAt],
    );
  }

  async findSession(tokenHash: string, now: number): Promise<string | undefined> {
    const row = await this.db.get(
      'SELECT staff_id FROM console_sessions WHERE token_hash = ? AND expires_at > ?',
      [tokenHash, now],
    );
    return row?.staff_id as string | undefined;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.run('DELETE FROM console_sessions WHERE token_hash = ?', [tokenHash]);
  }
}
