/**
 * A real SMTP server (the nodemailer project's smtp-server) that the harness can
 * stop and start, counting delivered messages by their X-Wallet-Request-Id header.
 */
import { SMTPServer } from 'smtp-server';

export class SmtpSink {
  readonly received = new Map<string, number>();
  private server?: SMTPServer;

  constructor(readonly port: number) {}

  start() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, _session, callback) => {
        let head = '';
        stream.on('data', (chunk: Buffer) => {
          if (head.length < 8192) head += chunk.toString('utf8');
        });
        stream.on('end', () => {
          const id = head.match(/^x-wallet-request-id:\s*(\S+)/im)?.[1] ?? 'none';
          this.received.set(id, (this.received.get(id) ?? 0) + 1);
          callback();
        });
      },
    });
    return new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  stop() {
    return new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
