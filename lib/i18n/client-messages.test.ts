/**
 * The browser gets only the namespaces in `clientNamespaces`: one that a client
 * component reads and the list lacks would show raw keys on the page, so this checks
 * the list against the code. A client file's `useTranslations('x')`, and the message
 * keys in the modules it imports from lib (the schemas' field errors, which
 * `useFieldError` resolves), must all be in it; and nothing is in it that no client
 * file reads.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '@/lib/test-support/source-files';
import en from '@/messages/en.json';
import ne from '@/messages/ne.json';
import { clientMessages, clientNamespaces } from './client-messages';

const namespaces = new Set(Object.keys(en));
// The directive is the file's first statement; comments may come before it (Stryker's sandbox adds `// @ts-nocheck`).
const useClient = /^(?:\s*(?:\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*['"]use client['"]/;
const clientFiles = ['app', 'components', 'lib'].flatMap(sourceFiles).filter((file) => useClient.test(readFileSync(file, 'utf8')));

/** What one client file reads: its useTranslations namespaces, and the message keys in the lib modules it imports. */
function readBy(file: string) {
  const text = readFileSync(file, 'utf8');
  const read = [...text.matchAll(/useTranslations\('(\w+)'\)/g)].map((match) => match[1]!);
  for (const [, module] of text.matchAll(/from '@\/(lib\/[\w/.-]+)'/g)) {
    const path = [`${module}.ts`, `${module}.tsx`, `${module}/index.ts`].find((candidate) => existsSync(candidate));
    if (!path) continue;
    const keys = [...readFileSync(path, 'utf8').matchAll(/'(\w+)\.\w+'/g)].map((match) => match[1]!).filter((namespace) => namespaces.has(namespace));
    read.push(...keys);
  }
  return read;
}

describe('the messages the browser gets', () => {
  it('finds the client components (the scan itself works)', () => {
    expect(clientFiles).toContain(join('app', '(auth)', 'sign-in', 'sign-in-form.tsx'));
    expect(readBy(join('app', '(auth)', 'sign-in', 'sign-in-form.tsx'))).toEqual(expect.arrayContaining(['signIn', 'validation']));
  });

  it('hold every namespace a client component reads', () => {
    const missing = clientFiles.flatMap((file) => readBy(file).filter((namespace) => !(clientNamespaces as readonly string[]).includes(namespace)).map((namespace) => `${file}: ${namespace}`));
    expect(missing).toEqual([]);
  });

  it('hold nothing no client component reads', () => {
    const read = new Set(clientFiles.flatMap(readBy));
    expect(clientNamespaces.filter((namespace) => !read.has(namespace))).toEqual([]);
  });

  it('are the catalogue’s own words, in both languages', () => {
    expect(clientMessages('en').signIn).toEqual(en.signIn);
    expect(clientMessages('ne').flow).toEqual(ne.flow);
    expect(Object.keys(clientMessages('ne')).sort()).toEqual([...clientNamespaces].sort());
  });
});
