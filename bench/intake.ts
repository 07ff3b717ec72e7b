import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.ts';
import { FakeClock } from '../src/core/clock.ts';
import { createCore, settingsFrom } from '../src/core/create.ts';
import { silentLogger } from '../src/core/logger.ts';
import { policyFrom } from '../src/sla/policy.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import { loadTeam } from '../src/team/directory.ts';
import { type Figures, measure } from './measure.ts';

const CONVERSATIONS = 2_000;
/** A greeting and the six answers, in each language; conversations take turns, all open at once. */
const SCRIPTS = [
  ['Hello', 'Ann Lee', 'ann@example.com', 'Germany', 'LX-200', 'It is broken, error E-31.', '2'],
  ['你好', '王伟', 'wang@example.cn', '中国', 'LX-300', '设备故障，屏幕报错。', '2'],
  ['こんにちは', '佐藤 花子', '090-1234-5678', '日本', 'LX-200', 'エラーが出て動かないです。', '3'],
  ['안녕하세요', '김민준', '010-1234-5678', '한국', 'LX-200', '고장 나서 오류가 나요.', '2'],
  ['你好，部機壞咗', '陳大文', '+852 9123 4567', '香港', 'LX-200', '部機壞咗，成日出錯。', '3'],
];
const TURNS = 7;

/** The whole core: each message is handled and its replies durably queued in one transaction. */
export async function intakeCore(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'loop48-bench-'));
  const config = loadConfig({});
  const clock = new FakeClock();
  const store = openSqliteStore(join(dir, 'bench.db'));
  const core = createCore({
    store,
    clock,
    logger: silentLogger(),
    directory: loadTeam('data/team.json'),
    policy: policyFrom(config),
    settings: settingsFrom(config),
    senders: {},
    deliverAtOnce: false,
  });
  const figures = await measure('intake', CONVERSATIONS * TURNS, async (i) => {
    const turn = Math.floor(i / CONVERSATIONS);
    const who = i % CONVERSATIONS;
    const script = SCRIPTS[who % SCRIPTS.length] ?? [];
    clock.advance(1);
    await core.bot.handle({
      platform: 'web',
      conversationId: `chat:${who}`,
      userId: String(who),
      text: script[turn] ?? '',
    });
  });
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return figures;
}

/** The floor: one SQLite transaction per message, an UPDATE of a conversation and an INSERT. */
export async function intakeFloor(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'loop48-bench-'));
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE conversations (id TEXT PRIMARY KEY, step INTEGER, updated_at INTEGER);
           CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id TEXT, at INTEGER, text TEXT);`);
  const insertConversation = db.prepare('INSERT INTO conversations VALUES (?, 0, 0)');
  for (let who = 0; who < CONVERSATIONS; who += 1) insertConversation.run(`chat:${who}`);
  const update = db.prepare('UPDATE conversations SET step = ?, updated_at = ? WHERE id = ?');
  const insert = db.prepare('INSERT INTO messages (conversation_id, at, text) VALUES (?, ?, ?)');
  const message = db.transaction((id: string, turn: number, text: string) => {
    update.run(turn, Date.now(), id);
    insert.run(id, Date.now(), text);
  });
  const figures = await measure('intake-floor', CONVERSATIONS * TURNS, (i) => {
    const turn = Math.floor(i / CONVERSATIONS);
    const who = i % CONVERSATIONS;
    message.immediate(`chat:${who}`, turn, SCRIPTS[who % SCRIPTS.length]?.[turn] ?? '');
  });
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return figures;
}
