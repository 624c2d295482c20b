import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { postmanCollection } from './postman';

type Item = { name: string; item?: Item[]; request?: { method: string; url: string }; event?: { listen: string; script: { exec: string[] } }[] };
const flat = (items: Item[]): Item[] => items.flatMap((entry) => (entry.item ? flat(entry.item) : [entry]));

describe('Postman collection', () => {
  it('in docs/ is the one the current code produces (run npm run docs:postman)', () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../docs/wallet-email.postman_collection.json'), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(postmanCollection())));
  });

  it('walks the change in order, signs out last, and checks every answer', () => {
    const requests = flat(postmanCollection().item as Item[]);
    expect(requests.map((request) => `${request.request!.method} ${request.request!.url.replace('{{baseUrl}}/api/v1', '')}`)).toEqual([
      'POST /sessions',
      'POST /email-change/check',
      'POST /reauth',
      'POST /email-change',
      'GET {{inboxUrl}}/api/email',
      'POST /email-change/verify',
      'GET /profile',
      'GET /audit-events',
      'DELETE /sessions/current',
      'GET /profile',
    ]);
    for (const request of requests) {
      const tests = request.event!.find((event) => event.listen === 'test')!.script.exec.join('\n');
      expect(tests, request.name).toMatch(/pm\.test\(/);
    }
  });
});
