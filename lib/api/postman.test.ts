import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postmanCollection } from './postman';

describe('Postman collection', () => {
  it('in docs/ is the one the current OpenAPI document produces (run npm run docs:postman)', () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../docs/wallet-email.postman_collection.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(postmanCollection())));
  });

  it('has a request for every documented operation', () => {
    const names = postmanCollection().item.map((item) => item.name.split(' — ')[0]);
    expect(names).toContain('POST /email-change');
    expect(names).toContain('DELETE /sessions/current');
    expect(names).toHaveLength(10);
  });
});
