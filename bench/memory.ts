/**
 * The memory `npm start` takes: the embedded default (scripts/start.ts, with its
 * in-memory database, as `--test` starts it) run on free ports until the app answers,
 * loaded a little, then the resident set (RSS) of every process in its tree.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@/scripts/support/ports';

export interface ProcessMemory {
  pid: number;
  name: string;
  rssMb: number;
}

function processInfo(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const parent = Number(stat.split(') ')[1]!.split(' ')[1]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
  const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  return { parent, rssKb, command };
}

/** `pid` and its descendants, each with its RSS. */
function tree(pid: number): { pid: number; rssKb: number; command: string[] }[] {
  const all = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((entry) => {
      try {
        return [{ pid: Number(entry), ...processInfo(Number(entry)) }];
      } catch {
        return [];
      }
    });
  const found = all.filter((item) => item.pid === pid);
  for (let index = 0; index < found.length; index += 1) found.push(...all.filter((item) => item.parent === found[index]!.pid));
  return found;
}

/** A short name for what a process is: the script it runs. */
function nameOf(command: string[]) {
  const script = command.find((part) => /\.(ts|js|mjs|cjs)$/.test(part) || part.includes('maildev'));
  if (script?.includes('maildev')) return 'mail inbox (maildev)';
  if (script?.endsWith('server.ts')) return 'app server (server.ts: Next.js and the dispatcher)';
  if (script?.endsWith('start.ts')) return 'npm start (scripts/start.ts: PGlite database)';
  return path.basename(script ?? command[0] ?? '?');
}

export async function measureStartMemory(root: string): Promise<{ processes: ProcessMemory[]; totalMb: number }> {
  const [port, dbPort, smtpPort, inboxPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts/start.ts'), '--test', '--port', String(port), '--db-port', String(dbPort), '--smtp-port', String(smtpPort), '--inbox-port', String(inboxPort)],
    { cwd: root, stdio: 'ignore', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', EMAIL_MX_CHECK: 'off' } },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 180_000;
    for (let ready = false; !ready; await new Promise((resolve) => setTimeout(resolve, 500))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not come up (exit code ${child.exitCode})`);
      ready = await fetch(`http://127.0.0.1:${port}/sign-in`).then((response) => response.ok, () => false);
    }
    // A few pages, so the server has loaded what a visitor makes it load.
    for (let visit = 0; visit < 20; visit += 1) await fetch(`http://127.0.0.1:${port}/sign-in`);
    const processes = tree(child.pid!)
      .filter((item) => item.rssKb > 0)
      .map((item) => ({ pid: item.pid, name: nameOf(item.command), rssMb: Math.round(item.rssKb / 1024) }));
    return { processes, totalMb: processes.reduce((sum, item) => sum + item.rssMb, 0) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}
