/**
 * A throwaway PostgreSQL server from Debian's packages, on 127.0.0.1 and a
 * private socket folder, for the integration tests and benchmarks. fsync is off
 * (the data is thrown away when it stops) unless `durable` asks for commits that
 * reach the disk, as in production; `statements` loads pg_stat_statements, so a
 * benchmark can count the statements each request sends; `cpus` pins the server
 * (and every backend it forks) to those cores (taskset).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const version = versions.find((v) => existsSync(path.join(root, v, 'bin/initdb')));
  if (!version) throw new Error('PostgreSQL is not installed: apt-get install -y postgresql (or run .ci/run)');
  return path.join(root, version, 'bin');
}

export interface PostgresServer {
  url: string;
  stop(): void;
}

export interface PostgresOptions {
  durable?: boolean;
  statements?: boolean;
  cpus?: string;
  /** e.g. '2GB': what a server holding a million accounts would be given (the default is 128MB). */
  sharedBuffers?: string;
}

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresServer> {
  const bin = postgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'wallet-pg-'));
  const asRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root; hand the folder to the postgres user.
  if (asRoot) {
    chmodSync(dir, 0o700);
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (tool: string, args: string[], cpus?: string) => {
    const pinned = cpus ? ['taskset', '-c', cpus, path.join(bin, tool), ...args] : [path.join(bin, tool), ...args];
    const [command, ...full] = asRoot ? ['runuser', '-u', 'postgres', '--', ...pinned] : pinned;
    execFileSync(command!, full, { stdio: 'pipe' });
  };
  const port = await freePort();
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
  const settings = [
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`,
    options.durable ? '' : '-c fsync=off',
    options.statements ? '-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top -c pg_stat_statements.max=10000' : '',
    options.sharedBuffers ? `-c shared_buffers=${options.sharedBuffers}` : '',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', settings, '-l', path.join(dir, 'log'), '-w', 'start'], options.cpus);
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
