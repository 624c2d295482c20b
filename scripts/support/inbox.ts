/**
 * The local SMTP inbox (maildev) for the embedded default and the e2e test server.
 * Both ports are checked free before it starts, and it counts as started only once
 * its web API answers and its SMTP port accepts a connection: a second inbox already
 * on those ports would otherwise receive the mail, or the tests would read the wrong
 * inbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

function assertFree(port: number, what: string) {
  return new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () => reject(new Error(`${what} port ${port} on 127.0.0.1 is already in use (another inbox?); choose others with --smtp-port / --inbox-port`)));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function answers(url: string) {
  try {
    const response = await fetch(url);
    return response.ok && Array.isArray(await response.json());
  } catch {
    return false;
  }
}

export async function startInbox(smtpPort: number, webPort: number, timeoutMs = 30_000): Promise<ChildProcess> {
  await assertFree(smtpPort, 'the inbox’s SMTP');
  await assertFree(webPort, 'the inbox’s web');
  const child = spawn(path.join(root, 'node_modules/.bin/maildev'), ['--smtp', String(smtpPort), '--web', String(webPort), '--ip', '127.0.0.1', '--web-ip', '127.0.0.1', '--silent'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the mail inbox exited (${child.exitCode}) before it was ready`);
    if ((await answers(`http://127.0.0.1:${webPort}/api/email`)) && (await accepts(smtpPort))) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  throw new Error(`the mail inbox did not answer on 127.0.0.1:${webPort} within ${timeoutMs / 1000} s`);
}
