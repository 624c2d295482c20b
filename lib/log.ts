import pino from 'pino';
import { env } from '@/lib/env';

// Secrets must never reach the logs: credentials, tokens, cookies, auth headers.
const redact = [
  'password',
  '*.password',
  'token',
  '*.token',
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

const globalForLog = globalThis as unknown as { walletLog?: pino.Logger };

export function log(): pino.Logger {
  globalForLog.walletLog ??= pino({ level: env().LOG_LEVEL, redact: { paths: redact, censor: '[redacted]' } });
  return globalForLog.walletLog;
}
