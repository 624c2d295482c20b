/**
 * A software platform authenticator for integration tests: a real P-256 key pair,
 * registered as the account's passkey, that signs WebAuthn assertions exactly as a
 * phone's authenticator would (authenticator data, client data, ECDSA signature).
 * `wrongKey: true` signs with another key: an assertion that reaches verification
 * and fails it, the way a guessed or stolen credential id would.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type { Db } from '@/lib/db';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');

function coseKey(publicKey: KeyObject) {
  const jwk = publicKey.export({ format: 'jwk' });
  return isoCBOR.encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
}

/**
 * A new device: answers a registration challenge with a fresh credential and "none"
 * attestation (what a phone's platform authenticator sends), user verified.
 */
export function softwareDevice(options: { rpID: string; origin: string }) {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const id = randomBytes(16);
  return {
    id: b64url(id),
    attest(challenge: string, attestation: { origin?: string } = {}) {
      const flags = 0x01 | 0x04 | 0x40; // user present, user verified, attested credential data
      const credential = Buffer.concat([Buffer.alloc(16), Buffer.from([0, id.length]), id, Buffer.from(coseKey(publicKey))]);
      const authData = Buffer.concat([createHash('sha256').update(options.rpID).digest(), Buffer.from([flags]), Buffer.alloc(4), credential]);
      const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge, origin: attestation.origin ?? options.origin, crossOrigin: false }));
      return {
        id: b64url(id),
        rawId: b64url(id),
        type: 'public-key' as const,
        clientExtensionResults: {},
        authenticatorAttachment: 'platform' as const,
        response: { clientDataJSON: b64url(clientDataJSON), attestationObject: b64url(attestationObject), transports: ['internal' as const] },
      };
    },
  };
}

export async function softwareAuthenticator(db: Db, userId: string, options: { rpID: string; origin: string }) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const id = b64url(randomBytes(16));
  await db.passkey.create({ data: { id, userId, name: 'Test phone', publicKey: Buffer.from(coseKey(publicKey)), counter: 0n, transports: ['internal'], backedUp: false } });
  let counter = 0;

  return {
    id,
    /** An assertion over `challenge` (from the server's options), user verified. */
    assert(challenge: string, assertion: { wrongKey?: boolean } = {}) {
      counter += 1;
      const flags = 0x01 | 0x04; // user present, user verified
      const authenticatorData = Buffer.concat([createHash('sha256').update(options.rpID).digest(), Buffer.from([flags]), Buffer.from(new Uint32Array([counter]).buffer).reverse()]);
      const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge, origin: options.origin, crossOrigin: false }));
      const signed = Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]);
      const signature = sign('sha256', signed, assertion.wrongKey ? other : privateKey);
      return {
        id,
        rawId: id,
        type: 'public-key' as const,
        clientExtensionResults: {},
        authenticatorAttachment: 'platform' as const,
        response: { clientDataJSON: b64url(clientDataJSON), authenticatorData: b64url(authenticatorData), signature: b64url(signature) },
      };
    },
  };
}
