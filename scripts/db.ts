/**
 * Database commands, through Prisma's WebAssembly schema engine (see
 * scripts/db/migrations.ts):
 *
 *   npm run db:migrate               apply pending migrations to DATABASE_URL (production)
 *   npm run db:migration -- <name>   write a migration for changes to prisma/schema.prisma
 *   npm run db:seed                  create the demo accounts in DATABASE_URL
 */
import { seed } from '@/prisma/seed';
import { createDb } from '@/lib/db';
import { applyMigrations, createMigration } from './db/migrations';
import { startPgliteServer } from './db/pglite-server';

const [command, name] = process.argv.slice(2);

function databaseUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('Set DATABASE_URL to the PostgreSQL database, e.g. postgresql://user:pass@host:5432/wallet');
  return url;
}

async function main() {
  switch (command) {
    case 'migrate': {
      const applied = await applyMigrations(databaseUrl(), (line) => console.log(line));
      console.log(applied.length ? `Applied ${applied.join(', ')}` : 'Database is up to date');
      return;
    }
    case 'migration': {
      if (!name || !/^[a-z0-9_]+$/i.test(name)) throw new Error('Usage: npm run db:migration -- <name_in_snake_case>');
      // The migration history is replayed on an empty in-memory PGlite: no server needed.
      const shadow = await startPgliteServer({});
      try {
        const folder = await createMigration(name, shadow.url);
        console.log(folder ? `Wrote prisma/migrations/${folder}/migration.sql` : 'No schema changes: nothing to write');
      } finally {
        await shadow.stop();
      }
      return;
    }
    case 'seed': {
      const db = createDb(databaseUrl(), 1);
      try {
        console.log(`Created ${await seed(db)} demo account(s)`);
      } finally {
        await db.$disconnect();
      }
      return;
    }
    default:
      throw new Error('Usage: tsx scripts/db.ts migrate | migration <name> | seed');
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
