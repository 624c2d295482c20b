import { startPgliteServer } from '@/scripts/db/pglite-server';
import { applyMigrations } from '@/scripts/db/migrations';

/**
 * Brings the integration database (TEST_DATABASE_URL) up to the current migrations.
 * Mutation testing (MUTATION=1) brings its own: an in-process PGlite, started here
 * and stopped when the run ends, so each Stryker worker has a database of its own.
 */
export default async function setup() {
  let url = process.env.TEST_DATABASE_URL;
  const own = !url && process.env.MUTATION === '1' ? await startPgliteServer({}) : null;
  if (own) process.env.TEST_DATABASE_URL = url = own.url;
  if (!url) throw new Error('Integration tests need TEST_DATABASE_URL; run them through `npm test`.');
  await applyMigrations(url);
  return async () => {
    await own?.stop();
  };
}
