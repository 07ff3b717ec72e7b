import type { Store, StoreTx } from '../../src/store/types.ts';

/**
 * A store whose write transactions fail the way a full disk or a read-only file makes SQLite fail,
 * while `fault` is set; reads go on working, as they do on a full disk.
 */
export class FaultyStore implements Store {
  fault: string | undefined;
  readonly #inner: Store;

  constructor(inner: Store) {
    this.#inner = inner;
  }

  transaction<T>(work: (tx: StoreTx) => Promise<T>): Promise<T> {
    if (this.fault) {
      const error = Object.assign(new Error('database or disk is full'), { code: this.fault });
      return Promise.reject(error);
    }
    return this.#inner.transaction(work);
  }

  read: Store['read'] = (work) => this.#inner.read(work);
  holdLease: Store['holdLease'] = (name, gained, lost) => this.#inner.holdLease(name, gained, lost);
  close: Store['close'] = () => this.#inner.close();
}
