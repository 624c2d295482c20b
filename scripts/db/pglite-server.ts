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
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]); // 'S', length 4

/**
 * Follows the backend's messages across the chunks PGlite streams them in: a chunk
 * ends wherever its 8 KB send buffer filled, often inside a message, so a chunk
 * cannot be read on its own. `status` is the transaction status of the
 * ReadyForQuery the bytes so far end with, and undefined when they end with
 * anything else (the connection is in the middle of a batch).
 */
export class ReadyForQueryTracker {
  status: number | undefined;
  private readonly header = new Uint8Array(5);
  private readonly headerView = new DataView(this.header.buffer);
  private headerLength = 0;
  private bodyLeft = 0;
  private lost = false;

  push(chunk: Uint8Array) {
    for (let at = 0; at < chunk.length && !this.lost;) {
      if (this.headerLength < 5) {
        this.status = undefined;
        this.header[this.headerLength++] = chunk[at++]!;
        if (this.headerLength < 5) continue;
        const length = this.headerView.getInt32(1);
        // A length below 4 is not PostgreSQL's protocol: stop reading rather than guess.
        this.lost = length < 4;
        this.bodyLeft = length - 4;
      } else {
        const take = Math.min(this.bodyLeft, chunk.length - at);
        if (this.header[0] === READY_FOR_QUERY) this.status = chunk[at];
        at += take;
        this.bodyLeft -= take;
      }
      if (this.headerLength === 5 && this.bodyLeft === 0) this.headerLength = 0;
    }
  }
}

/**
 * PGlite is one PostgreSQL session shared by every socket. pglite-socket's own
 * queue only keeps a connection's messages together inside an explicit
 * transaction, so two connections' Parse/Bind/Execute/Sync batches interleave
 * and clobber each other's unnamed statement, and one failed message stalls the
 * queue for good (electric-sql/pglite#1046). This queue gives the session to one
 * connection from its first message until the backend reports ReadyForQuery with
 * an idle status, and keeps going after a failure. A connection that hangs up
 * while it holds the session gives it back the way PostgreSQL ends a lost
 * backend: its batch ended, its transaction rolled back.
 */
class SessionQueue {
  private queue: Pending[] = [];
  private owner: number | null = null;
  /** The ReadyForQuery status the owner's last response ended with; undefined mid-batch. */
  private ownerStatus: number | undefined;
  /** Connections that hung up; the session is taken back from them between messages. */
  private readonly gone = new Set<number>();
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
      for (;;) {
        if (this.owner !== null && this.gone.has(this.owner)) await this.release();
        // Nothing is running now, so the connections that left hold nothing more.
        this.gone.clear();
        const item = this.next();
        if (!item) break;
        await this.run(item);
      }
    } finally {
      this.running = false;
    }
  }

  private async run(item: Pending) {
    const tracker = new ReadyForQueryTracker();
    let bytes = 0;
    try {
      await this.db.runExclusive(() =>
        this.db.execProtocolRawStream(item.message, {
          onRawData: (data) => {
            tracker.push(data);
            bytes += data.length;
            item.onData(data);
          },
        }),
      );
      this.owner = tracker.status === IDLE ? null : item.handlerId;
      this.ownerStatus = tracker.status;
      item.resolve(bytes);
    } catch (error) {
      item.reject(error);
    }
  }

  /** Ends what the owner left: a batch without its Sync, then any open or failed transaction. */
  private async release() {
    let status = this.ownerStatus;
    if (status === undefined) {
      const tracker = new ReadyForQueryTracker();
      tracker.push(await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC)));
      status = tracker.status;
    }
    if (status !== IDLE) await this.db.exec('ROLLBACK');
    this.owner = null;
    this.ownerStatus = undefined;
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
    // Called when a connection closes; its message may still be running, so the
    // session is taken back in drain(), between messages.
    this.gone.add(handlerId);
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
  const db = await PGlite.create({
    dataDir: options.dataDir,
    extensions: { citext },
  });
  const server = new PGLiteSocketServer({
    db,
    host,
    port: options.port ?? 0,
    maxConnections: 64,
  });
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
