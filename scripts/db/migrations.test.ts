import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pendingSchemaChanges } from './migrations';
import { startPgliteServer, type PgliteServer } from './pglite-server';

describe('migrations', () => {
  let shadow: PgliteServer;
  beforeAll(async () => {
    shadow = await startPgliteServer({});
  });
  afterAll(() => shadow.stop());

  it('prisma/migrations reproduce prisma/schema.prisma exactly (no unrecorded schema change)', async () => {
    expect(await pendingSchemaChanges(shadow.url)).toBeNull();
  });
});
