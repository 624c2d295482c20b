/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) served on a
 * local TCP socket, so the app, migrations, the seed, tests and psql all reach it
 * through the same PostgreSQL driver adapter production uses.
 */
import { PGlite } from '@electric-sql/pglite';
import { citext } from '@electric-sql/pglite/contrib/citext';
import { PGLiteSocketServer, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';

type QueueManager = PGLiteSocketHandlerOptions['queryQueue'];

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'

/** The transaction status of the last ReadyForQuery message in a backend response, if any. */
function lastReadyStatus(chunks: Uint8Array[]): number | undefined {
  let status: number | undefined;
  for (const chunk of chunks) {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (let at = 0; at + 5 <= chunk.length; at += 1 + view.getInt32(at + 1)) {
      if (chunk[at] === READY_FOR_QUERY && at + 5 < chunk.length) status = chunk[at + 5];
    }
  }
  return status;
}

/**
 * PGlite is one PostgreSQL session shared by every socket. pglite-socket's own
 * queue only keeps a connection's messages together inside an explicit
 * transaction, so two connections' Parse/Bind/Execute/Sync batches interleave
 * and clobber each other's unnamed statement, and one failed message stalls the
 * queue for good (electric-sql/pglite#1046). This queue gives the session to one
 * connection from its first message until the backend reports ReadyForQuery with
 * an idle status, and keeps going after a failure.
 */
class SessionQueue {
  private queue: Pending[] = [];
  private owner: number | null = null;
  private running = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void) {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  private next(): Pending | undefined {
    const at = this.owner === null ? 0 : this.queue.findIndex((item) => item.handlerId === this.owner);
    return at === -1 ? undefined : this.queue.splice(at, 1)[0];
  }

  private async drain() {
    if (this.running) return;
    this.running = true;
    try {
      for (let item = this.next(); item; item = this.next()) {
        const chunks: Uint8Array[] = [];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                chunks.push(data);
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          const status = lastReadyStatus(chunks);
          this.owner = status === IDLE ? null : item.handlerId;
          item.resolve(bytes);
        } catch (error) {
          item.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  getQueueLength() {
    return this.queue.length;
  }

  clearQueueForHandler(handlerId: number) {
    this.queue = this.queue.filter((item) => {
      if (item.handlerId !== handlerId) return true;
      item.reject(new Error('connection closed'));
      return false;
    });
  }

  async clearTransactionIfNeeded(handlerId: number) {
    if (this.owner !== handlerId) return;
    // The connection left mid-batch or mid-transaction: end both before anyone else runs.
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.drain();
  }
}

export interface PgliteServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens (or creates) the PGlite database in `dataDir` — in memory when it is
 * undefined — and serves it on host:port. Port 0 picks a free port.
 */
export async function startPgliteServer(options: {
  dataDir?: string;
  host?: string;
  port?: number;
}): Promise<PgliteServer> {
  const host = options.host ?? '127.0.0.1';
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { citext } });
  const server = new PGLiteSocketServer({ db, host, port: options.port ?? 0, maxConnections: 64 });
  (server as unknown as { queryQueue: QueueManager }).queryQueue = new SessionQueue(db) as unknown as QueueManager;
  await server.start();
  const [, port] = server.getServerConn().split(':');
  return {
    url: `postgresql://postgres:postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
