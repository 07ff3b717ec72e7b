import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background connection folds the write-ahead log back into the database. */
const EVERY_MS = 1_000;

// Runs in a worker thread with its own connection, so a checkpoint never stalls the event loop
// that serves messages. PASSIVE never blocks writers; it copies what it can and retries later.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.library);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
// A lasting fault (a full disk) is reported once, when it starts, not every second.
let last = '';
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    last = '';
  } catch (error) {
    if (String(error) !== last) parentPort.postMessage(String(error));
    last = String(error);
  }
}, workerData.every);
parentPort.on('message', () => { clearInterval(timer); db.close(); process.exit(0); });
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the request path: the main connection stops checkpointing on commit
 * (which would stall one message in a few hundred) and a worker thread checkpoints every second.
 * If the worker fails, `fallback` turns automatic checkpoints back on, so the log cannot grow
 * without bound.
 */
export function startCheckpointer(
  path: string,
  fallback: () => void,
  onError: (message: string) => void,
): Checkpointer {
  const library = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER, { eval: true, workerData: { path, library, every: EVERY_MS } });
  worker.unref();
  worker.on('message', (message: string) => onError(message));
  worker.on('error', (error) => {
    onError(error.message);
    fallback();
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        // Held only while stopping, so the process waits for the worker's last checkpoint.
        worker.ref();
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
