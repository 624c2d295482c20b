import { describe, expect, it } from 'vitest';
import { suggestAddress } from './suggest';

describe('suggestAddress', () => {
  it.each([
    ['sita@gmial.com', 'sita@gmail.com'],
    ['sita@gmail.co', 'sita@gmail.com'],
    ['ram@hotmial.com', 'ram@hotmail.com'],
    ['ram@yaho.com', 'ram@yahoo.com'],
    ['bikash@ntc.net.mp', 'bikash@ntc.net.np'],
    ['bikash@wlink.com.nb', 'bikash@wlink.com.np'],
  ])('suggests %s → %s', (typed, meant) => {
    expect(suggestAddress(typed)).toBe(meant);
  });

  it.each(['sita@gmail.com', 'SITA@Gmail.com', 'bikash@ntc.net.np', 'owner@wallet.example.org', 'hari@no-mail.test', 'head@myschool.edu.np', 'office@company.com.np', 'ravi@yahoo.co.in', 'not an address', 'sita@'])('leaves %j alone', (typed) => {
    expect(suggestAddress(typed)).toBeNull();
  });
});
