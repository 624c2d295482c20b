import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteServer, type PgliteServer } from './pglite-server';

// PGlite is one session; these check the socket server keeps connections apart.
describe('PGlite socket server', () => {
  let server: PgliteServer;
  let pool: pg.Pool;
  beforeAll(async () => {
    server = await startPgliteServer({});
    pool = new pg.Pool({ connectionString: server.url, max: 8 });
    await pool.query('CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)');
    await pool.query('INSERT INTO counter VALUES (1, 0)');
  });
  afterAll(async () => {
    await pool.end();
    await server.stop();
  });

  it('runs interleaved transactions from many connections without losing an update', async () => {
    const increment = async (index: number) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<{ n: number }>('SELECT n FROM counter WHERE id = $1', [1]);
        await client.query('UPDATE counter SET n = $1 WHERE id = $2', [rows[0]!.n + 1, 1]);
        // Every fifth transaction rolls back: its increment must not count.
        await client.query(index % 5 === 0 ? 'ROLLBACK' : 'COMMIT');
      } finally {
        client.release();
      }
    };
    await Promise.all(Array.from({ length: 40 }, (_, index) => increment(index)));
    const { rows } = await pool.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
    expect(rows[0]!.n).toBe(32);
  });

  it('keeps serving other connections after a statement fails mid-batch', async () => {
    const results = await Promise.allSettled([
      pool.query('SELECT $1::int AS v', ['not a number']),
      ...Array.from({ length: 10 }, (_, index) => pool.query<{ v: number }>('SELECT $1::int AS v', [index])),
    ]);
    expect(results[0]!.status).toBe('rejected');
    const values = results.slice(1).map((result) => (result.status === 'fulfilled' ? result.value.rows[0]!.v : null));
    expect(values).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
