/** The envelope sender that brings a message's bounce back to us, naming the message (VERP; lib/jobs/bounces.ts). */
export const returnPath = (outboxId: string, domain: string) => `bounce+${outboxId}@${domain}`;
