/**
 * Schema changes in order. Each runs once, inside a transaction, recorded in schema_migrations.
 * Instants are integer epoch milliseconds (UTC). Append new steps; never edit a shipped one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    language TEXT,
    state TEXT NOT NULL,
    step TEXT,
    editing INTEGER NOT NULL DEFAULT 0,
    draft TEXT NOT NULL DEFAULT '{}',
    ticket_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );

  CREATE TABLE inbound_messages (
    id INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX inbound_by_conversation ON inbound_messages (conversation_id, id);

  CREATE TABLE tickets (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id TEXT NOT NULL,
    platform TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    language TEXT NOT NULL,
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    contact_kind TEXT NOT NULL,
    country TEXT NOT NULL,
    product TEXT NOT NULL,
    problem TEXT NOT NULL,
    requested_urgency TEXT NOT NULL,
    urgency TEXT NOT NULL,
    type TEXT,
    state TEXT NOT NULL,
    assignee_id TEXT,
    created_at INTEGER NOT NULL,
    classified_at INTEGER,
    accepted_at INTEGER,
    closed_at INTEGER,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX open_tickets ON tickets (state, id);
  -- Ticket numbers start at 1001: short, and never mistaken for a list position.
  INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', 1000);

  CREATE TABLE ticket_events (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}'
  );
  CREATE INDEX events_by_ticket ON ticket_events (ticket_id, id);
  CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
    BEGIN SELECT RAISE(ABORT, 'the ticket timeline is append-only'); END;
  CREATE TRIGGER ticket_events_append_only_delete BEFORE DELETE ON ticket_events
    BEGIN SELECT RAISE(ABORT, 'the ticket timeline is append-only'); END;

  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    platform TEXT NOT NULL,
    conversation_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    language TEXT NOT NULL,
    ticket_id INTEGER,
    message TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    sent_at INTEGER,
    last_error TEXT
  );
  CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status = 'pending';
  CREATE INDEX outbox_by_conversation ON outbox (conversation_id, id);
  `,
  `
  ALTER TABLE tickets ADD COLUMN assigned_at INTEGER;
  ALTER TABLE tickets ADD COLUMN plan TEXT;
  ALTER TABLE tickets ADD COLUMN estimate_at INTEGER;
  ALTER TABLE tickets ADD COLUMN last_update_at INTEGER;
  ALTER TABLE tickets ADD COLUMN delay_notice_at INTEGER;
  ALTER TABLE tickets ADD COLUMN handled_at INTEGER;
  ALTER TABLE tickets ADD COLUMN feedback_at INTEGER;
  ALTER TABLE tickets ADD COLUMN rating INTEGER;
  ALTER TABLE tickets ADD COLUMN paused_at INTEGER;
  ALTER TABLE tickets ADD COLUMN paused_ms INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tickets ADD COLUMN overdue_reason TEXT;

  CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    kind TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    data TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL,
    fired_at INTEGER,
    outcome TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
  );
  -- The tick reads only what is due, so its cost follows what is due, not what is open.
  CREATE INDEX deadlines_due ON deadlines (due_at, id) WHERE fired_at IS NULL;
  CREATE INDEX deadlines_by_ticket ON deadlines (ticket_id, kind) WHERE fired_at IS NULL;

  CREATE TABLE room_departments (
    ticket_id INTEGER NOT NULL REFERENCES tickets (id),
    department TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    confirmed_by TEXT,
    pings INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (ticket_id, department)
  );
  `,
  `
  -- Staff console sign-ins, by the SHA-256 of their token, so a restart signs nobody out.
  CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  `,
  `
  -- One table for a conversation's lines both ways: the transcript is one indexed scan in order,
  -- and a message costs fewer pages to write. Outbound rows carry their delivery state.
  CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    direction TEXT NOT NULL,
    at INTEGER NOT NULL,
    body TEXT NOT NULL,
    platform TEXT,
    recipient TEXT,
    language TEXT,
    ticket_id INTEGER,
    status TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER,
    sent_at INTEGER,
    last_error TEXT
  );
  INSERT INTO messages (conversation_id, direction, at, body, platform, recipient, language,
      ticket_id, status, attempts, next_attempt_at, sent_at, last_error)
    SELECT conversation_id, direction, at, body, platform, recipient, language, ticket_id, status,
      attempts, next_attempt_at, sent_at, last_error
    FROM (
      SELECT conversation_id, 'in' AS direction, at, text AS body, NULL AS platform,
        NULL AS recipient, NULL AS language, NULL AS ticket_id, NULL AS status, 0 AS attempts,
        NULL AS next_attempt_at, NULL AS sent_at, NULL AS last_error, 0 AS side, id
      FROM inbound_messages
      UNION ALL
      SELECT conversation_id, 'out', created_at, message, platform, recipient, language,
        ticket_id, status, attempts, next_attempt_at, sent_at, last_error, 1, id
      FROM outbox
    )
    ORDER BY at, side, id;
  DROP TABLE inbound_messages;
  DROP TABLE outbox;
  CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
  CREATE INDEX messages_due ON messages (next_attempt_at, id) WHERE status = 'pending';

  -- Keyed by its text id alone: one B-tree instead of a table and an index.
  CREATE TABLE conversations_by_id (
    id TEXT PRIMARY KEY,
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    language TEXT,
    state TEXT NOT NULL,
    step TEXT,
    editing INTEGER NOT NULL DEFAULT 0,
    draft TEXT NOT NULL DEFAULT '{}',
    ticket_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  INSERT INTO conversations_by_id SELECT id, platform, user_id, language, state, step, editing,
    draft, ticket_id, created_at, updated_at FROM conversations;
  DROP TABLE conversations;
  ALTER TABLE conversations_by_id RENAME TO conversations;
  `,
  `
  -- The product line or problem area a ticket belongs to; routing matches it to engineers.
  ALTER TABLE tickets ADD COLUMN field TEXT;
  -- A rapid-response room as a whole: opened and, when its ticket closes, closed.
  CREATE TABLE rooms (
    ticket_id INTEGER PRIMARY KEY REFERENCES tickets (id),
    opened_by TEXT NOT NULL,
    opened_at INTEGER NOT NULL,
    closed_at INTEGER
  );
  INSERT INTO rooms (ticket_id, opened_by, opened_at)
    SELECT ticket_id, 'system', MIN(opened_at) FROM room_departments GROUP BY ticket_id;
  -- Changes administrators make to the team directory, replayed over the file at start; also
  -- the directory's audit trail.
  CREATE TABLE directory_changes (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    person_id TEXT NOT NULL,
    record TEXT
  );
  CREATE INDEX tickets_by_assignee ON tickets (assignee_id) WHERE state <> 'closed';
  `,
  `
  -- Platform deliveries already handled (a retry, or one message seen as a message and as a
  -- mention), so each is acted on once, across restarts too.
  CREATE TABLE inbound_seen (
    key TEXT PRIMARY KEY,
    at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Where a platform can reach a person or a conversation later without them writing first
  -- (a Teams conversation reference), kept across restarts.
  CREATE TABLE platform_refs (
    key TEXT PRIMARY KEY,
    ref TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Reports find a period's tickets by when they opened, closed and fell due (opening plus
  -- time paused, before the resolution limit is added).
  CREATE INDEX tickets_by_created ON tickets (created_at);
  CREATE INDEX tickets_by_closed ON tickets (closed_at) WHERE closed_at IS NOT NULL;
  CREATE INDEX tickets_by_due ON tickets (created_at + paused_ms);
  -- Each scheduled report is posted once: the first tick to claim its period posts it.
  CREATE TABLE report_posts (
    kind TEXT NOT NULL,
    period TEXT NOT NULL,
    posted_at INTEGER NOT NULL,
    PRIMARY KEY (kind, period)
  ) WITHOUT ROWID;
  `,
  `
  -- A resolution deadline is the opening plus the limit: the opening's index finds it.
  DROP INDEX tickets_by_due;
  `,
  `
  -- A customer's tickets, by their platform id or by the contact they gave: how many they opened
  -- lately (flood control) and which are still open (a repeated request joins its ticket).
  CREATE INDEX tickets_by_customer ON tickets (customer_id, created_at);
  CREATE INDEX tickets_by_contact ON tickets (contact, created_at);
  `,
  `
  -- A customer's personal data can be erased (on request, or when a closed ticket passes the
  -- retention period): the ticket row stays for the statistics, marked with when it was erased.
  ALTER TABLE tickets ADD COLUMN erased_at INTEGER;
  -- The timeline stays append-only, with one exception: an erasure may replace an event's data
  -- with a copy marked erased, keeping its ticket, instant, actor and kind.
  DROP TRIGGER ticket_events_append_only_update;
  CREATE TRIGGER ticket_events_append_only_update BEFORE UPDATE ON ticket_events
    WHEN NEW.id IS NOT OLD.id OR NEW.ticket_id IS NOT OLD.ticket_id OR NEW.at IS NOT OLD.at
      OR NEW.actor IS NOT OLD.actor OR NEW.kind IS NOT OLD.kind
      OR instr(NEW.data, '"erased":true') = 0
    BEGIN SELECT RAISE(ABORT, 'the ticket timeline is append-only'); END;
  `,
];
