import pg from 'pg';

/** The PostgreSQL server the tests use: the machine's own, on loopback. */
export const PG_SERVER = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

let made = 0;

/**
 * Creates an empty database of the test's own on the loopback server; `drop` removes it, ending
 * any connection still open to it.
 */
export async function scratchDatabase(
  label: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  made += 1;
  const name = `loop48_${label}_${process.pid}_${made}_${Date.now().toString(36)}`;
  await admin(`CREATE DATABASE ${name}`);
  return {
    url: `${PG_SERVER}/${name}`,
    drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** A connection string into `url`'s database whose tables live in a schema of their own. */
export async function scratchSchema(url: string, schema: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await client.end();
  }
  return `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${PG_SERVER}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
