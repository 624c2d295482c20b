/**
 * A real SMTP server (the nodemailer project's smtp-server) that the reliability
 * scenarios and the benchmark start and stop. It counts what arrives by the
 * wallet's per-request header, X-Wallet-Request-Id: every delivery, and the
 * distinct Message-IDs among them (what a mailbox shows: the same message
 * delivered twice is one message), and notes when each request's first message came.
 */
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';

const header = (head: string, name: string) => head.match(new RegExp(`^${name}:\\s*(\\S+)`, 'im'))?.[1];

export class SmtpSink {
  /** Deliveries per request id, a redelivery of the same message included. */
  readonly received = new Map<string, number>();
  /** Distinct Message-IDs per request id. */
  readonly messages = new Map<string, Set<string>>();
  /** performance.now() when the first message for each request id arrived. */
  readonly firstArrival = new Map<string, number>();
  total = 0;
  /** Each message's envelope sender (MAIL FROM), where its bounce would go. */
  readonly envelopeSenders: string[] = [];
  /** Connections that broke off mid-transaction (a sender killed while sending): nothing was accepted from them. */
  aborted = 0;
  private server?: SMTPServer;

  /**
   * `onMessage`, when given, sees each whole message as it arrives (the benchmark reads
   * links from it). `reject`, when given, can refuse a recipient at RCPT TO with a reply
   * of its choosing, as a real mail server does ("550 5.1.1 user unknown", "451 try later").
   */
  constructor(
    readonly port: number,
    private readonly onMessage?: (raw: string) => void,
    private readonly reject?: (recipient: string) => { code: number; message: string } | null,
  ) {}

  start() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.reject?.(address.address);
        if (!refusal) return callback();
        callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
      },
      onData: (stream, session, callback) => {
        if (session.envelope.mailFrom) this.envelopeSenders.push(session.envelope.mailFrom.address);
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 8192 || this.onMessage) head += chunk.toString('utf8');
        });
        stream.on('end', () => {
          this.record(header(head, 'x-wallet-request-id') ?? 'none', header(head, 'message-id') ?? 'none');
          this.onMessage?.(head);
          callback();
        });
      },
    });
    return new Promise<void>((resolve, reject) => {
      let listening = false;
      // smtp-server reports a client that vanishes mid-message as a server error; for a
      // mail server that is an aborted transaction (the message was never accepted, the
      // sender will try again), so once listening it is counted and the server goes on.
      this.server!.on('error', (error) => {
        if (listening) this.aborted += 1;
        else reject(error);
      });
      this.server!.listen(this.port, '127.0.0.1', () => {
        listening = true;
        resolve();
      });
    });
  }

  private record(requestId: string, messageId: string) {
    this.total += 1;
    this.received.set(requestId, (this.received.get(requestId) ?? 0) + 1);
    if (!this.firstArrival.has(requestId)) this.firstArrival.set(requestId, performance.now());
    const ids = this.messages.get(requestId) ?? new Set<string>();
    ids.add(messageId);
    this.messages.set(requestId, ids);
  }

  stop() {
    return new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
