import pg from 'pg';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ReadyForQueryTracker, startPgliteServer, type PgliteServer } from './pglite-server';

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
  it('answers a result bigger than one 8 KB chunk whose rows are all NULLs', async () => {
    // PGlite streams its reply in chunks that end inside a message; a NULL column's length
    // is -1, and reading a chunk as if it began with a message looped on it for good.
    const columns = Array.from({ length: 100 }, (_, index) => `NULL::text AS c${index}`).join(', ');
    const { rows } = await pool.query(`SELECT ${columns} FROM generate_series(1, 50)`);
    expect(rows).toHaveLength(50);
    expect(Object.values(rows[49]!).every((value) => value === null)).toBe(true);
    expect(await ask<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  // pg's Connection writes protocol messages one at a time; the client lets us send half a batch.
  type Wire = {
    parse(q: { text: string }): void;
    bind(b: object): void;
    execute(e: object): void;
    stream: Socket;
  };
  const wireOf = (client: pg.Client) => (client as unknown as { connection: Wire }).connection;
  // A fresh connection that waits 10 s at most, so a wedged session fails the test instead of hanging it.
  const ask = async <T extends pg.QueryResultRow>(text: string) => {
    const client = new pg.Client({
      connectionString: server.url,
      query_timeout: 10_000,
    });
    await client.connect();
    try {
      return (await client.query<T>(text)).rows;
    } finally {
      await client.end();
    }
  };

  // A connection the test will cut; its errors are the point, not a failure.
  const leaver = async () => {
    const client = new pg.Client({ connectionString: server.url });
    client.on('error', () => {});
    await client.connect();
    return { client, wire: wireOf(client) };
  };
  // Parse, Bind and Execute with no Sync: the session stays this connection's until a Sync.
  const halfBatch = (wire: Wire, text: string) => {
    wire.parse({ text });
    wire.bind({});
    wire.execute({});
  };

  it('gives the session back when a connection hangs up in the middle of a batch', async () => {
    const { wire } = await leaver();
    halfBatch(wire, 'SELECT pg_sleep(0.3)');
    wire.stream.destroy();
    expect(await ask<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('ends the failed half batch of a connection that hangs up, so the next connection is not ignored', async () => {
    const { wire } = await leaver();
    // A statement that fails to parse puts the backend into "skip until Sync".
    halfBatch(wire, 'SELEKT 1');
    await new Promise<void>((resolve) => wire.stream.once('data', () => resolve()));
    wire.stream.destroy();
    expect(await ask<{ two: number }>('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('rolls back the open transaction of a connection that hangs up while its statement runs', async () => {
    const { client, wire } = await leaver();
    await client.query('BEGIN');
    const { rows: before } = await client.query<{ n: number }>('SELECT n FROM counter WHERE id = 1');
    client.query('UPDATE counter SET n = n + 1000 WHERE id = 1 AND pg_sleep(0.3) IS NOT NULL').catch(() => {});
    wire.stream.destroy();
    expect(await ask<{ n: number }>('SELECT n FROM counter WHERE id = 1')).toEqual(before);
    // And the next transaction is a fresh one, not the dead connection's.
    expect(await ask<{ open: boolean }>('SELECT now() = statement_timestamp() AS open')).toEqual([{ open: true }]);
  });
});

describe('ReadyForQueryTracker', () => {
  const message = (type: number, body: Uint8Array) => {
    const bytes = new Uint8Array(5 + body.length);
    bytes[0] = type;
    new DataView(bytes.buffer).setInt32(1, 4 + body.length);
    bytes.set(body, 5);
    return bytes;
  };
  // Any backend message but ReadyForQuery: a type byte and a body of any bytes, 0xFF-heavy like NULL columns.
  const other = fc
    .tuple(
      fc.integer({ min: 0x31, max: 0x76 }).filter((type) => type !== 0x5a),
      fc.uint8Array({ maxLength: 40 }).map((body) => body.map((byte) => (byte > 0x80 ? 0xff : byte))),
    )
    .map(([type, body]) => ({ status: undefined, bytes: message(type, body) }));
  const ready = fc.constantFrom(0x49, 0x54, 0x45).map((status) => ({
    status: status as number | undefined,
    bytes: message(0x5a, new Uint8Array([status])),
  }));

  it('reports the status of the ReadyForQuery a reply ends with, however the reply is cut into chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(other, ready), { maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (messages, cuts) => {
          const reply = Buffer.concat(messages.map((m) => m.bytes));
          const points = [...new Set(cuts.map((cut) => cut % (reply.length + 1)))].sort((a, b) => a - b);
          const tracker = new ReadyForQueryTracker();
          [0, ...points].forEach((from, index) => tracker.push(reply.subarray(from, [...points, reply.length][index])));
          expect(tracker.status).toBe(messages.at(-1)?.status);
        },
      ),
    );
  });
});
