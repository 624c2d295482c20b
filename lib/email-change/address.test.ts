import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './address';

describe('normalizeEmail', () => {
  it.each([
    ['  Sita.Sharma@Example.COM ', 'Sita.Sharma@example.com'],
    ['ram+wallet@gmail.com', 'ram+wallet@gmail.com'],
    ['user@bücher.example', 'user@xn--bcher-kva.example'],
    ['o\'brien@mail.example.np', "o'brien@mail.example.np"],
  ])('stores %j as %j', (typed, stored) => {
    expect(normalizeEmail(typed)).toEqual({ ok: true, email: stored });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['plainaddress', 'invalid'],
    ['@example.com', 'invalid'],
    ['sita@', 'invalid'],
    ['sita@localhost', 'invalid'],
    ['sita@@example.com', 'invalid'],
    ['si ta@example.com', 'invalid'],
    ['sita@example.com\r\nBcc: all@example.com', 'invalid'],
    ['sita\n@example.com', 'invalid'],
    ['.sita@example.com', 'invalid'],
    ['si..ta@example.com', 'invalid'],
    ['sita@-example.com', 'invalid'],
    ['sita@example.123', 'invalid'],
    ['sita@exa_mple.com', 'invalid'],
    ['"sita"@example.com', 'invalid'],
    [`${'a'.repeat(250)}@example.com`, 'too_long'],
  ])('refuses %j (%s)', (typed, problem) => {
    expect(normalizeEmail(typed)).toEqual({ ok: false, problem });
  });
});
