import { describe, expect, it } from 'vitest';
import { signInSchema } from './schema';

describe('signInSchema', () => {
  it('accepts a typed mobile number and a password', () => {
    expect(signInSchema.parse({ mobileNumber: ' +977 9800000001 ', password: 'x' })).toEqual({
      mobileNumber: '+977 9800000001',
      password: 'x',
    });
  });

  it('names each missing or malformed field', () => {
    const result = signInSchema.safeParse({ mobileNumber: '123', password: '' });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(fields).toEqual(['mobileNumber', 'password']);
  });

  it('refuses over-long input instead of hashing it', () => {
    expect(signInSchema.safeParse({ mobileNumber: '9800000001', password: 'x'.repeat(257) }).success).toBe(false);
  });
});
