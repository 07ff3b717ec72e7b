import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { NeutralMessage } from '../core/messages.ts';
import { type Checkpointer, startCheckpointer } from './checkpointer.ts';
import { MIGRATIONS } from './migrations.ts';
import {
  type Row,
  TICKET_COLUMNS,
  toConversation,
  toDeadline,
  toEvent,
  toOutbox,
  toTicket,
} from './sqlite-rows.ts';
import type {
  Conversation,
  Deadline,
  DirectoryChange,
  NewDeadline,
  NewOutboxMessage,
  NewTicket,
  NewTicketEvent,
  OutboxMessage,
  ReportTicket,
  RoomDepartment,
  Store,
  StoreTx,
  Ticket,
  TicketEvent,
  TranscriptEntry,
} from './types.ts';

/** Conversations kept in memory: enough for every conversation active in a busy day. */
const CACHED_CONVERSATIONS = 10_000;

/**
 * Opens (creating if needed) the SQLite database at `path` (':memory:' for a throwaway one) with
 * WAL, a busy timeout and migrations applied. One process owns it; for several replicas use a
 * server database.
 */
export function openSqliteStore(
  path: string,
  onError: (message: string) => void = () => undefined,
): Store {
  const file = path !== ':memory:';
  if (file) mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  if (!file) return new SqliteStore(db);
  db.pragma('wal_autocheckpoint = 0');
  const checkpointer = startCheckpointer(
    path,
    () => db.open && db.pragma('wal_autocheckpoint = 1000'),
    onError,
  );
  return new SqliteStore(db, checkpointer);
}

/** Applies the migrations not yet applied, up to `upTo` (all by default), each in a transaction. */
export function migrate(db: Database.Database, upTo = MIGRATIONS.length): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, at INTEGER)');
  const applied = db
    .prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations')
    .get() as {
    v: number;
  };
  MIGRATIONS.forEach((sql, index) => {
    const version = index + 1;
    if (version <= applied.v || version > upTo) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, at) VALUES (?, ?)').run(
        version,
        Date.now(),
      );
    }).immediate();
  });
}

class SqliteStore implements Store {
  readonly #db: Database.Database;
  readonly #tx: SqliteTx;
  // better-sqlite3 is one connection: units of work run one after another so an await inside one
  // never lets another's statements into its transaction.
  #queue: Promise<unknown> = Promise.resolve();

  readonly #begin: Database.Statement;
  readonly #commit: Database.Statement;
  readonly #rollback: Database.Statement;

  readonly #checkpointer: Checkpointer | undefined;

  constructor(db: Database.Database, checkpointer?: Checkpointer) {
    this.#db = db;
    this.#checkpointer = checkpointer;
    this.#tx = new SqliteTx(db);
    this.#begin = db.prepare('BEGIN IMMEDIATE');
    this.#commit = db.prepare('COMMIT');
    this.#rollback = db.prepare('ROLLBACK');
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#exclusive(async () => {
      this.#begin.run();
      try {
        const result = await work(this.#tx);
        this.#commit.run();
        return result;
      } catch (error) {
        if (this.#db.inTransaction) this.#rollback.run();
        this.#tx.forgetCached();
        throw error;
      }
    });
  }

  read<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.#exclusive(() => work(this.#tx));
  }

  async close(): Promise<void> {
    await this.#queue.catch(() => undefined);
    await this.#checkpointer?.stop();
    // Fold the log back in, so a closed database is one file.
    this.#db.pragma('wal_checkpoint(TRUNCATE)');
    this.#db.close();
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

class SqliteTx implements StoreTx {
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  /** Recently used conversations, most recent last; this process is the database's only writer. */
  readonly #conversations = new Map<string, Conversation>();
  #savepoint = 0;

  constructor(db: Database.Database) {
    this.#db = db;
  }

  #sql(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async getConversation(id: string): Promise<Conversation | undefined> {
    let conversation = this.#conversations.get(id);
    if (!conversation) {
      const row = this.#sql('SELECT * FROM conversations WHERE id = ?').get(id) as Row | undefined;
      if (!row) return undefined;
      conversation = toConversation(row);
      this.#remember(conversation);
    }
    // A copy: the caller changes it, and the cache must only ever hold what was saved.
    return { ...conversation, draft: { ...conversation.draft } };
  }

  /** Forgets cached conversations (after a rollback, whose saves never happened). */
  forgetCached(): void {
    this.#conversations.clear();
  }

  #remember(conversation: Conversation): void {
    this.#conversations.delete(conversation.id);
    this.#conversations.set(conversation.id, conversation);
    if (this.#conversations.size > CACHED_CONVERSATIONS) {
      const oldest = this.#conversations.keys().next().value;
      if (oldest !== undefined) this.#conversations.delete(oldest);
    }
  }

  async saveConversation(c: Conversation): Promise<void> {
    this.#sql(
      `INSERT INTO conversations
         (id, platform, user_id, language, state, step, editing, draft, ticket_id, created_at, updated_at)
       VALUES (@id, @platform, @userId, @language, @state, @step, @editing, @draft, @ticketId,
               @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET language = excluded.language, state = excluded.state,
         step = excluded.step, editing = excluded.editing, draft = excluded.draft,
         ticket_id = excluded.ticket_id, updated_at = excluded.updated_at`,
    ).run({ ...c, editing: c.editing ? 1 : 0, draft: JSON.stringify(c.draft) });
    this.#remember({ ...c, draft: { ...c.draft } });
  }

  async addInbound(conversationId: string, at: number, text: string): Promise<void> {
    this.#sql(
      "INSERT INTO messages (conversation_id, direction, at, body) VALUES (?, 'in', ?, ?)",
    ).run(conversationId, at, text);
  }

  async saveRef(key: string, ref: string, at: number): Promise<void> {
    this.#sql(
      `INSERT INTO platform_refs (key, ref, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET ref = excluded.ref, updated_at = excluded.updated_at`,
    ).run(key, ref, at);
  }

  async loadRef(key: string): Promise<string | undefined> {
    const row = this.#sql('SELECT ref FROM platform_refs WHERE key = ?').get(key) as
      | { ref: string }
      | undefined;
    return row?.ref;
  }

  async markSeen(key: string, at: number): Promise<boolean> {
    const info = this.#sql(
      'INSERT INTO inbound_seen (key, at) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ).run(key, at);
    return info.changes === 1;
  }

  async createTicket(t: NewTicket): Promise<Ticket> {
    const info = this.#sql(
      `INSERT INTO tickets (conversation_id, platform, customer_id, language, name, contact,
         contact_kind, country, product, problem, requested_urgency, urgency, field, state,
         created_at, updated_at)
       VALUES (@conversationId, @platform, @customerId, @language, @name, @contact, @contactKind,
         @country, @product, @problem, @requestedUrgency, @urgency, @field, 'new', @createdAt,
         @createdAt)`,
    ).run(t);
    const ticket = await this.getTicket(Number(info.lastInsertRowid));
    if (!ticket) throw new Error('a ticket just inserted could not be read back');
    return ticket;
  }

  async getTicket(id: number): Promise<Ticket | undefined> {
    const row = this.#sql('SELECT * FROM tickets WHERE id = ?').get(id) as Row | undefined;
    return row && toTicket(row);
  }

  async updateTicket(
    id: number,
    patch: Partial<Omit<Ticket, 'id'>>,
    expectAssignee?: string | null,
  ): Promise<boolean> {
    const keys = Object.keys(patch) as (keyof typeof TICKET_COLUMNS)[];
    if (keys.length === 0) return true;
    const sets = keys.map((key) => `${TICKET_COLUMNS[key]} = @${key}`).join(', ');
    let where = 'id = @id';
    if (expectAssignee === null) where += ' AND assignee_id IS NULL';
    else if (expectAssignee !== undefined) where += ' AND assignee_id = @expectAssignee';
    const info = this.#sql(`UPDATE tickets SET ${sets} WHERE ${where}`).run({
      ...patch,
      id,
      ...(typeof expectAssignee === 'string' ? { expectAssignee } : {}),
    });
    return info.changes === 1;
  }

  async listOpenTickets(limit: number): Promise<Ticket[]> {
    const rows = this.#sql(
      "SELECT * FROM tickets WHERE state <> 'closed' ORDER BY id DESC LIMIT ?",
    ).all(limit) as Row[];
    return rows.map(toTicket);
  }

  async ticketsForPeriod(from: number, to: number, resolutionMs: number): Promise<ReportTicket[]> {
    // Three indexed ranges (see the migration's indexes); the OR keeps each ticket once. The
    // first acceptance comes from the timeline through its per-ticket index.
    const rows = this.#sql(
      `SELECT t.*,
         (SELECT e.at || ' ' || e.actor FROM ticket_events e
           WHERE e.ticket_id = t.id AND e.kind IN ('accepted', 'claimed')
           ORDER BY e.id LIMIT 1) AS first_acceptance
       FROM tickets t
       WHERE (created_at >= @from AND created_at < @to)
          OR (closed_at >= @from AND closed_at < @to)
          OR (created_at + paused_ms >= @dueFrom AND created_at + paused_ms < @dueTo)
       ORDER BY id`,
    ).all({ from, to, dueFrom: from - resolutionMs, dueTo: to - resolutionMs }) as Row[];
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
    const result = this.#sql(
      'INSERT OR IGNORE INTO report_posts (kind, period, posted_at) VALUES (?, ?, ?)',
    ).run(kind, period, at);
    return result.changes === 1;
  }

  async appendEvent(e: NewTicketEvent): Promise<void> {
    this.#sql(
      'INSERT INTO ticket_events (ticket_id, at, actor, kind, data) VALUES (?, ?, ?, ?, ?)',
    ).run(e.ticketId, e.at, e.actor, e.kind, JSON.stringify(e.data));
  }

  async listEvents(ticketId: number): Promise<TicketEvent[]> {
    const rows = this.#sql('SELECT * FROM ticket_events WHERE ticket_id = ? ORDER BY id').all(
      ticketId,
    ) as Row[];
    return rows.map(toEvent);
  }

  async eventsAfter(id: number, limit: number): Promise<TicketEvent[]> {
    const rows = this.#sql('SELECT * FROM ticket_events WHERE id > ? ORDER BY id LIMIT ?').all(
      id,
      limit,
    ) as Row[];
    return rows.map(toEvent);
  }

  async addDeadline(d: NewDeadline): Promise<number> {
    const info = this.#sql(
      'INSERT INTO deadlines (ticket_id, kind, due_at, data, created_at) VALUES (?, ?, ?, ?, ?)',
    ).run(d.ticketId, d.kind, d.dueAt, JSON.stringify(d.data), d.createdAt);
    return Number(info.lastInsertRowid);
  }

  async dueDeadlines(now: number, limit: number): Promise<Deadline[]> {
    const rows = this.#sql(
      `SELECT * FROM deadlines WHERE fired_at IS NULL AND due_at <= ?
       ORDER BY due_at, id LIMIT ?`,
    ).all(now, limit) as Row[];
    return rows.map(toDeadline);
  }

  async finishDeadline(id: number, at: number, outcome: string): Promise<void> {
    this.#sql(
      'UPDATE deadlines SET fired_at = ?, outcome = ? WHERE id = ? AND fired_at IS NULL',
    ).run(at, outcome, id);
  }

  async failDeadline(id: number): Promise<number> {
    const row = this.#sql(
      'UPDATE deadlines SET attempts = attempts + 1 WHERE id = ? RETURNING attempts',
    ).get(id) as { attempts: number } | undefined;
    return row?.attempts ?? 0;
  }

  async cancelDeadlines(ticketId: number, kinds: readonly string[], at: number): Promise<void> {
    const statement = this.#sql(
      `UPDATE deadlines SET fired_at = ?, outcome = 'cancelled'
       WHERE ticket_id = ? AND kind = ? AND fired_at IS NULL`,
    );
    for (const kind of kinds) statement.run(at, ticketId, kind);
  }

  async listDeadlines(ticketId: number): Promise<Deadline[]> {
    const rows = this.#sql('SELECT * FROM deadlines WHERE ticket_id = ? ORDER BY due_at, id').all(
      ticketId,
    ) as Row[];
    return rows.map(toDeadline);
  }

  async nextDeadlineAt(): Promise<number | undefined> {
    const row = this.#sql(
      'SELECT MIN(due_at) AS due FROM deadlines WHERE fired_at IS NULL',
    ).get() as {
      due: number | null;
    };
    return row.due ?? undefined;
  }

  async openRoom(
    ticketId: number,
    departments: readonly string[],
    by: string,
    at: number,
  ): Promise<void> {
    this.#sql(
      `INSERT INTO rooms (ticket_id, opened_by, opened_at) VALUES (?, ?, ?)
       ON CONFLICT (ticket_id) DO UPDATE SET closed_at = NULL`,
    ).run(ticketId, by, at);
    const statement = this.#sql(
      `INSERT INTO room_departments (ticket_id, department, opened_at) VALUES (?, ?, ?)
       ON CONFLICT (ticket_id, department) DO NOTHING`,
    );
    for (const department of departments) statement.run(ticketId, department, at);
  }

  async getRoom(
    ticketId: number,
  ): Promise<{ openedAt: number; closedAt: number | null } | undefined> {
    const row = this.#sql('SELECT opened_at, closed_at FROM rooms WHERE ticket_id = ?').get(
      ticketId,
    ) as Row | undefined;
    return row && { openedAt: row.opened_at as number, closedAt: row.closed_at as number | null };
  }

  async closeRoom(ticketId: number, at: number): Promise<void> {
    this.#sql('UPDATE rooms SET closed_at = ? WHERE ticket_id = ? AND closed_at IS NULL').run(
      at,
      ticketId,
    );
  }

  async openTicketCounts(): Promise<Map<string, number>> {
    const rows = this.#sql(
      `SELECT assignee_id, COUNT(*) AS n FROM tickets
       WHERE state <> 'closed' AND assignee_id IS NOT NULL GROUP BY assignee_id`,
    ).all() as { assignee_id: string; n: number }[];
    return new Map(rows.map((r) => [r.assignee_id, r.n]));
  }

  async addDirectoryChange(change: DirectoryChange): Promise<void> {
    this.#sql(
      'INSERT INTO directory_changes (at, actor, action, person_id, record) VALUES (?, ?, ?, ?, ?)',
    ).run(
      change.at,
      change.actor,
      change.action,
      change.personId,
      change.record ? JSON.stringify(change.record) : null,
    );
  }

  async listDirectoryChanges(): Promise<DirectoryChange[]> {
    const rows = this.#sql('SELECT * FROM directory_changes ORDER BY id').all() as Row[];
    return rows.map((row) => ({
      at: row.at as number,
      actor: row.actor as string,
      action: row.action as DirectoryChange['action'],
      personId: row.person_id as string,
      record: row.record ? (JSON.parse(row.record as string) as Record<string, unknown>) : null,
    }));
  }

  async listRoom(ticketId: number): Promise<RoomDepartment[]> {
    const rows = this.#sql(
      'SELECT * FROM room_departments WHERE ticket_id = ? ORDER BY opened_at, department',
    ).all(ticketId) as Row[];
    return rows.map((row) => ({
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
    const info = this.#sql(
      `UPDATE room_departments SET confirmed_at = ?, confirmed_by = ?
       WHERE ticket_id = ? AND department = ? AND confirmed_at IS NULL`,
    ).run(at, by, ticketId, department);
    return info.changes === 1;
  }

  async pingRoom(ticketId: number, department: string): Promise<number> {
    const row = this.#sql(
      `UPDATE room_departments SET pings = pings + 1 WHERE ticket_id = ? AND department = ?
       RETURNING pings`,
    ).get(ticketId, department) as { pings: number } | undefined;
    return row?.pings ?? 0;
  }

  async isolate<T>(work: () => Promise<T>): Promise<T> {
    this.#savepoint += 1;
    const name = `s${this.#savepoint}`;
    this.#db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await work();
      this.#db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.#db.exec(`ROLLBACK TO ${name}`);
      this.#db.exec(`RELEASE ${name}`);
      this.forgetCached();
      throw error;
    }
  }

  async saveSession(tokenHash: string, staffId: string, expiresAt: number): Promise<void> {
    this.#sql(
      'INSERT INTO console_sessions (token_hash, staff_id, expires_at) VALUES (?, ?, ?)',
    ).run(tokenHash, staffId, expiresAt);
  }

  async findSession(tokenHash: string, now: number): Promise<string | undefined> {
    const row = this.#sql(
      'SELECT staff_id FROM console_sessions WHERE token_hash = ? AND expires_at > ?',
    ).get(tokenHash, now) as { staff_id: string } | undefined;
    return row?.staff_id;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.#sql('DELETE FROM console_sessions WHERE token_hash = ?').run(tokenHash);
  }

  async enqueue(m: NewOutboxMessage): Promise<number> {
    const info = this.#sql(
      `INSERT INTO messages (conversation_id, direction, at, body, platform, recipient, language,
         ticket_id, status, next_attempt_at)
       VALUES (?, 'out', ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    ).run(
      m.address.conversationId,
      m.createdAt,
      JSON.stringify(m.message),
      m.address.platform,
      m.recipient,
      m.language,
      m.ticketId,
      m.createdAt,
    );
    return Number(info.lastInsertRowid);
  }

  async duePending(now: number, limit: number): Promise<OutboxMessage[]> {
    const rows = this.#sql(
      `SELECT * FROM messages AS m WHERE status = 'pending' AND next_attempt_at <= ?
         AND NOT EXISTS (SELECT 1 FROM messages AS earlier
           WHERE earlier.conversation_id = m.conversation_id AND earlier.id < m.id
             AND earlier.status = 'pending')
       ORDER BY next_attempt_at, id LIMIT ?`,
    ).all(now, limit) as Row[];
    return rows.map(toOutbox);
  }

  async markSent(id: number, at: number): Promise<void> {
    this.#sql(
      "UPDATE messages SET status = 'sent', sent_at = ?, attempts = attempts + 1 WHERE id = ?",
    ).run(at, id);
  }

  async markRetry(
    id: number,
    error: string,
    nextAttemptAt: number,
    failed: boolean,
  ): Promise<void> {
    this.#sql(
      `UPDATE messages SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,
         status = ? WHERE id = ?`,
    ).run(error.slice(0, 500), nextAttemptAt, failed ? 'failed' : 'pending', id);
  }

  async transcript(
    conversationId: string,
    after: number,
    limit: number,
  ): Promise<TranscriptEntry[]> {
    const rows = this.#sql(
      `SELECT id, direction, at, body FROM messages WHERE conversation_id = ? AND id > ?
       ORDER BY id LIMIT ?`,
    ).all(conversationId, after, limit) as Row[];
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
