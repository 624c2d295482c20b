/**
 * The two catalogues stay complete and in use: a key missing from either language, or
 * one no code reads any more, fails here (the compiler also refuses a key that
 * messages/en.json lacks, through next-intl's AppConfig in lib/i18n/next-intl.d.ts).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '@/lib/test-support/source-files';
import { problemCodes } from '@/lib/api/problem';
import { eventLabels } from '@/lib/support';
import en from '@/messages/en.json';
import ne from '@/messages/ne.json';

type Tree = { [key: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): Record<string, string> =>
  Object.fromEntries(
    Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [[`${prefix}${key}`, value]] : Object.entries(flatten(value, `${prefix}${key}.`)))),
  );
const english = flatten(en);
const nepali = flatten(ne);

/** The names a message fills in and the tags it wraps: both languages must have the same. */
const slots = (message: string) => [...new Set([...message.matchAll(/\{(\w+)\s*[,}]|<(\w+)>/g)].map((match) => match[1] ?? `<${match[2]}>`))].sort();

const quoted = ['app', 'components', 'emails', 'lib'].flatMap(sourceFiles).map((file) => new Set([...readFileSync(file, 'utf8').matchAll(/'([\w.]+)'/g)].map((match) => match[1]!)));

describe('the English and Nepali catalogues', () => {
  it('have the same keys', () => {
    expect(Object.keys(nepali).filter((key) => !(key in english))).toEqual([]);
    expect(Object.keys(english).filter((key) => !(key in nepali))).toEqual([]);
  });

  it('fill in the same values and wrap the same tags', () => {
    const differing = Object.keys(english).filter((key) => JSON.stringify(slots(english[key]!)) !== JSON.stringify(slots(nepali[key] ?? '')));
    expect(differing).toEqual([]);
  });

  it('leave nothing untranslated in Nepali but names, codes and numbers', () => {
    // A Nepali message with no Devanagari at all is English left behind.
    const latinOnly = Object.entries(nepali).filter(([key, value]) => !/[\u0900-\u097F]/.test(value) && !['meta.siteTitle', 'mail.brand', 'support.about'].includes(key));
    expect(latinOnly).toEqual([]);
  });

  it('have a problem title for every problem code, and no other', () => {
    const titles = Object.keys(en.problems).filter((key) => !key.startsWith('detail'));
    expect(titles.sort()).toEqual(Object.keys(problemCodes).sort());
  });

  it('have every key the code names in full ("validation.emailEmpty")', () => {
    const namespaces = new Set(Object.keys(en));
    // Audit event types ("support.sessions_ended") look like keys and are not.
    const named = new Set(quoted.flatMap((strings) => [...strings]).filter((text) => namespaces.has(text.split('.')[0]!) && text.includes('.') && !(text in eventLabels)));
    expect([...named].filter((key) => !(key in english))).toEqual([]);
  });

  it('have no key that no code reads', () => {
    // Read as "ns.leaf" in full, or as "leaf" in a file that opens the "ns" namespace.
    const used = (key: string) => {
      const [namespace, ...rest] = key.split('.');
      const leaf = rest.join('.');
      if (namespace === 'problems' && !leaf.startsWith('detail')) return leaf in problemCodes;
      return quoted.some((strings) => strings.has(key) || (strings.has(namespace!) && strings.has(leaf)));
    };
    expect(Object.keys(english).filter((key) => !used(key))).toEqual([]);
  });
});
