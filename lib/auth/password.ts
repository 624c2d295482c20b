import argon2 from 'argon2';

// OWASP's argon2id baseline (m = 19 MiB, t = 2, p = 1): ~20 ms here, so a
// sign-in stays quick while an offline guess stays expensive.
const options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

// Checked when the mobile number is unknown, so the response takes as long as
// a wrong password would and does not reveal whether the account exists.
let dummyHash: Promise<string> | undefined;

/** Verifies against `hash`, or burns the same time against a dummy hash when there is none. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    dummyHash ??= hashPassword('not-a-real-password');
    await argon2.verify(await dummyHash, password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false; // a malformed stored hash never lets anyone in
  }
}

export function needsRehash(hash: string): boolean {
  return argon2.needsRehash(hash, options);
}
