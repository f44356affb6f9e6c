import type { PGlite } from '@electric-sql/pglite';

/**
 * PGlite has exactly one session. Everything that talks to it (Kysely queries, transactions,
 * bulk COPY transactions) takes turns through this queue, as it would through a pool of one.
 */
export class PgliteSession {
  private queue: Promise<void> = Promise.resolve();

  constructor(readonly pglite: PGlite) {}

  /** Waits for the session, then holds it until `release` is called. */
  async acquire(): Promise<() => void> {
    let release!: () => void;
    const previous = this.queue;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    return release;
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
