/**
 * How a message names its outbox row, so a bounce can name it back
 * (lib/jobs/bounces.ts): its Message-ID, and its envelope sender (VERP).
 */
const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const returnPathPattern = new RegExp(`^bounce\\+(${uuid})@`, 'i');
const messageIdPattern = new RegExp(`^<?(${uuid})@wallet-email>?$`, 'i');

/** The envelope sender that brings a message's bounce back to us. */
export const returnPath = (outboxId: string, domain: string) => `bounce+${outboxId}@${domain}`;

export const outboxIdFromReturnPath = (address: string): string | null => returnPathPattern.exec(address.trim())?.[1]?.toLowerCase() ?? null;

/** "<id@wallet-email>": one Message-ID per outbox row, so a receiver (and our tests) can tell a resend from a duplicate. */
export const messageIdFor = (outboxId: string) => `<${outboxId}@wallet-email>`;

export const outboxIdFromMessageId = (messageId: string): string | null => messageIdPattern.exec(messageId.trim())?.[1]?.toLowerCase() ?? null;
