/**
 * The production server (server.ts: Next.js behind our own node:http server) as a
 * child process: used by `npm start`, `npm run bench` and the crash scenario, which
 * kills it with SIGKILL and starts it again. The child is the server process itself
 * (tsx is loaded with --import, not as a wrapper), so a signal reaches the process
 * that holds the requests and the dispatcher.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface AppServer {
  url: string;
  child: ChildProcess;
  /** Resolves when /api/health answers; rejects if the process exits first or `timeoutMs` passes. */
  ready(timeoutMs?: number): Promise<void>;
  /** Sends `signal` and resolves once the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** `cpus` pins the server to those cores (taskset, which execs it: the child is still the server). */
export function spawnApp(options: { port: number; env: Record<string, string>; stdio?: StdioOptions; nodeArgs?: string[]; cpus?: string }): AppServer {
  const url = `http://127.0.0.1:${options.port}`;
  const command = [process.execPath, ...(options.nodeArgs ?? []), '--import', 'tsx', path.join(root, 'server.ts'), '--hostname', '127.0.0.1', '--port', String(options.port)];
  const [program, ...args] = options.cpus ? ['taskset', '-c', options.cpus, ...command] : command;
  const child = spawn(program!, args, {
    cwd: root,
    stdio: options.stdio ?? 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...options.env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  async function ready(timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void exited.then(() => (gone = true));
    while (!gone && Date.now() < deadline) {
      try {
        if ((await fetch(`${url}/api/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(gone ? `the app exited with ${child.exitCode ?? child.signalCode}` : `the app did not answer on ${url} within ${timeoutMs / 1000} s`);
  }

  async function stop(signal: NodeJS.Signals = 'SIGTERM') {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  }

  return { url, child, ready, stop };
}
