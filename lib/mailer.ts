/**
 * Renders and sends the wallet's e-mails. Templates live in emails/; this file
 * turns an outbox row into a message and hands it to SMTP over a pooled
 * connection (one connection per message would cost a greeting each time).
 */
import { render } from '@react-email/render';
import nodemailer, { type Transporter } from 'nodemailer';
import EmailChanged from '@/emails/email-changed';
import VerifyEmail from '@/emails/verify-email';
import { unseal } from '@/lib/crypto/seal';
import type { ClaimedMessage } from '@/lib/jobs/outbox';

export interface MailConfig {
  appUrl: string;
  from: string;
  sealKey: Buffer;
}

export function createTransport(smtpUrl: string): Transporter {
  const url = new URL(smtpUrl);
  url.searchParams.set('pool', 'true');
  return nodemailer.createTransport(url.toString());
}

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Asia/Kathmandu',
});
const when = (iso: string) => `${timeFormat.format(new Date(iso))} NPT`;

async function compose(message: ClaimedMessage, config: MailConfig) {
  const { payload } = message;
  switch (payload.kind) {
    case 'verify-email': {
      if (!payload.sealedToken) throw new Error('verification link already sent and erased');
      const verifyUrl = new URL('/verify-email', config.appUrl);
      verifyUrl.searchParams.set('token', unseal(config.sealKey, payload.sealedToken));
      const element = VerifyEmail({ displayName: payload.displayName, verifyUrl: verifyUrl.toString(), expiresAt: when(payload.expiresAt) });
      return { subject: 'Confirm your email address for Wallet', element };
    }
    case 'email-changed': {
      const element = EmailChanged({
        displayName: payload.displayName,
        newEmail: payload.newEmail,
        changedAt: when(payload.changedAt),
        device: payload.device,
        ip: payload.ip,
        helpUrl: new URL('/help/account-change', config.appUrl).toString(),
      });
      return { subject: 'Your Wallet email was changed', element };
    }
  }
}

export async function sendOutboxMessage(transport: Transporter, message: ClaimedMessage, config: MailConfig) {
  const { subject, element } = await compose(message, config);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  await transport.sendMail({
    from: config.from,
    to: message.recipient,
    subject,
    html,
    text,
    // One id per outbox row: a receiver (and our tests) can tell a resend from a duplicate.
    messageId: `<${message.id}@wallet-email>`,
    headers: { 'X-Wallet-Outbox-Id': message.id, ...(message.requestId ? { 'X-Wallet-Request-Id': message.requestId } : {}) },
  });
}
