import { applyMigrations } from '@/scripts/db/migrations';

/** Brings the integration database (TEST_DATABASE_URL) up to the current migrations. */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('Integration tests need TEST_DATABASE_URL; run them through `npm test`.');
  await applyMigrations(url);
}
