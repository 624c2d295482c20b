/** `npm run docs:postman`: writes the Postman collection generated from the OpenAPI document. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { postmanCollection } from '@/lib/api/postman';

const file = path.resolve(import.meta.dirname, '../docs/wallet-email.postman_collection.json');
writeFileSync(file, `${JSON.stringify(postmanCollection(), null, 2)}\n`);
console.log(`Wrote ${path.relative(process.cwd(), file)}`);
