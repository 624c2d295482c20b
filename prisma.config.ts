import { defineConfig } from 'prisma/config';

// The Prisma CLI is used only for `prisma generate`. Migrations are created and
// applied by scripts/db.ts through Prisma's WebAssembly schema engine, because
// the native engine cannot be downloaded on our build machines.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
