/**
 * Renders and sends the wallet's e-mails. Templates live in emails/; this file
 * turns an outbox row into a message and hands it to SMTP over a pooled
 * connection (one connection per message would cost a greeting each time).
 */
import { render } from '@react-email/render';
import { Socket } from 'node:net';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { ReactElement } from 'react';
import EmailChanged from '@/emails/email-changed';
import EmailRestored from '@/emails/email-restored';
import VerifyEmail from '@/emails/verify-email';
import { unseal } from '@/lib/crypto/seal';
import { defaultLocale, isLocale, type Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translator';
import { messageIdFor, returnPath } from '@/lib/jobs/return-path';
import type { ClaimedMessage } from '@/lib/jobs/outbox';
import { nptDateTime } from '@/lib/nepal-time';

export interface MailConfig {
  appUrl: string;
  from: string;
  sealKey: Buffer;
  /** With it, each message's envelope sender is bounce+<outbox id>@it, so its bounce names it (VERP). */
  bounceDomain?: string;
}

export function createTransport(smtpUrl: string): Transporter {
  return nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    // Nagle's algorithm holds SMTP's small writes back until the server's delayed ACK,
    // ~40 ms per command: 20 messages/s per connection. nodemailer 10 switches it off
    // itself; next-auth's peer range keeps us on 8, so the socket is handed over ready.
    getSocket: (_options: unknown, callback: (error: Error | null, socket: { socket: Socket }) => void) => {
      const socket = new Socket();
      socket.setNoDelay(true);
      callback(null, { socket });
    },
  } as SMTPPool.Options);
}


// Exactly as React escapes text and attribute values.
const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => htmlEntities[char]!);

/**
 * A template rendered once (HTML and plain text) with a marker in place of each
 * value, then filled per message: rendering with React and html-to-text cost
 * ~2–4 ms a message, filling microseconds. Once per language: the words around
 * the values are the template's. Only for templates that print their values as
 * given (no formatting inside the template); `renderOnce` is checked against a
 * full render in lib/mailer.test.ts.
 */
export function renderOnce<Props extends { [Key in keyof Props]: string }>(template: (props: Props & { locale: Locale }) => ReactElement, keys: readonly (keyof Props & string)[]) {
  const marker = (index: number) => `WALLETSLOT${index}X`;
  const rendered = new Map<Locale, Promise<{ html: string; text: string }>>();
  const fill = (output: string, props: Props, escape: (value: string) => string) =>
    output.replace(/WALLETSLOT(\d+)X/g, (_, index: string) => escape(props[keys[Number(index)]!] as string));
  return async (locale: Locale, props: Props) => {
    let once = rendered.get(locale);
    if (!once) {
      const element = template({ ...(Object.fromEntries(keys.map((key, index) => [key, marker(index)])) as Props), locale });
      rendered.set(locale, (once = Promise.all([render(element), render(element, { plainText: true })]).then(([html, text]) => ({ html, text }))));
    }
    const { html, text } = await once;
    return { html: fill(html, props, escapeHtml), text: fill(text, props, (value) => value) };
  };
}

const verifyEmail = renderOnce(VerifyEmail, ['displayName', 'verifyUrl', 'code', 'expiresAt']);
const emailChanged = renderOnce(EmailChanged, ['displayName', 'newEmail', 'changedAt', 'device', 'ip', 'undoUrl', 'undoExpiresAt', 'helpUrl']);
const emailRestored = renderOnce(EmailRestored, ['displayName', 'undoneAt']);

async function compose(message: ClaimedMessage, config: MailConfig) {
  const { payload } = message;
  // The account's language when the message is sent; English for an account that never chose.
  const locale = isLocale(message.locale) ? message.locale : defaultLocale;
  const t = translator(locale);
  const when = (iso: string) => nptDateTime(new Date(iso), locale);
  switch (payload.kind) {
    case 'verify-email': {
      if (!payload.sealedToken || !payload.sealedCode) throw new Error('verification link already sent and erased');
      const verifyUrl = new URL('/verify-email', config.appUrl);
      verifyUrl.searchParams.set('token', unseal(config.sealKey, payload.sealedToken));
      const code = unseal(config.sealKey, payload.sealedCode);
      const body = await verifyEmail(locale, { displayName: payload.displayName, verifyUrl: verifyUrl.toString(), code, expiresAt: when(payload.expiresAt) });
      return { subject: t('mail.verifySubject'), ...body };
    }
    case 'email-changed': {
      if (!payload.sealedUndoToken || !payload.undoExpiresAt) throw new Error('notice already sent and its undo link erased');
      const undoUrl = new URL('/recover-email', config.appUrl);
      undoUrl.searchParams.set('token', unseal(config.sealKey, payload.sealedUndoToken));
      const body = await emailChanged(locale, {
        displayName: payload.displayName,
        newEmail: payload.newEmail,
        changedAt: when(payload.changedAt),
        device: payload.device,
        ip: payload.ip,
        undoUrl: undoUrl.toString(),
        undoExpiresAt: when(payload.undoExpiresAt),
        helpUrl: new URL('/help/account-change', config.appUrl).toString(),
      });
      return { subject: t('mail.changedSubject'), ...body };
    }
    case 'email-restored': {
      const body = await emailRestored(locale, { displayName: payload.displayName, undoneAt: when(payload.undoneAt) });
      return { subject: t('mail.restoredSubject'), ...body };
    }
  }
}

export async function sendOutboxMessage(transport: Transporter, message: ClaimedMessage, config: MailConfig) {
  const { subject, html, text } = await compose(message, config);
  await transport.sendMail({
    from: config.from,
    to: message.recipient,
    subject,
    html,
    text,
    messageId: messageIdFor(message.id),
    ...(config.bounceDomain ? { envelope: { from: returnPath(message.id, config.bounceDomain), to: message.recipient } } : {}),
    headers: { 'X-Wallet-Outbox-Id': message.id, ...(message.requestId ? { 'X-Wallet-Request-Id': message.requestId } : {}) },
  });
}
