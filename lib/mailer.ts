/**
 * Renders and sends the wallet's e-mails. Templates live in emails/; this file
 * turns an outbox row into a message and hands it to SMTP, one connection per message.
 */
import { render } from '@react-email/render';
import nodemailer, { type Transporter } from 'nodemailer';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import type Mail from 'nodemailer/lib/mailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
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

/**
 * How long one SMTP send may take, at most: a send ends, sent or failed, well inside the
 * outbox's lease (60 s by default), so a server that stops answering cannot hold a
 * dispatcher's batch for nodemailer's defaults (2 min to connect, 30 s for the greeting,
 * 10 min of silence), nor outlive the claim so that another worker sends the row again.
 */
export const smtpTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

export function createTransport(smtpUrl: string): Transporter {
  // Given `url`, nodemailer reads the URL alone and drops every other option, so the
  // URL is parsed here and the options are laid over it (lib/mailer.test.ts's tarpit
  // test fails when they are dropped).
  return nodemailer.createTransport({
    ...parseConnectionUrl(smtpUrl),
    ...smtpTimeouts,
  } as SMTPTransport.Options);
}


// Exactly as React escapes text and attribute values.
const htmlEntities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => htmlEntities[char]!);

/** A message's two bodies, HTML and plain text, each a ready MIME part. */
interface Bodies {
  html: string;
  text: string;
}

// Quoted-printable (RFC 2045 §6.7), each line short enough to take a soft line break after it.
const quotedPrintable = (text: string) => qpWrap(qpEncode(text), 75);
const softBreak = '=\r\n';

/**
 * One body as a ready MIME part. The template's words were encoded once (the static
 * pieces); only the values are encoded per message. Pieces encoded apart are joined
 * by soft line breaks, which a reader's decoder removes, so the part decodes to
 * exactly the filled template (lib/mailer.test.ts parses it to check).
 */
function mimePart(contentType: string, pieces: readonly (string | number)[], values: readonly string[]) {
  const body = pieces
    .map((piece) => (typeof piece === 'number' ? quotedPrintable(values[piece]!) : piece))
    .filter((piece) => piece !== '')
    .join(softBreak);
  return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}`;
}

/**
 * A template rendered once (HTML and plain text) with a marker in place of each
 * value, then filled per message: rendering with React and html-to-text cost
 * ~2–4 ms a message, filling microseconds. Once per language: the words around
 * the values are the template's. Only for templates that print their values as
 * given (no formatting inside the template).
 *
 * `parts` gives the bodies as MIME parts, quoted-printable, for nodemailer to send
 * as they are: encoding the whole body per message was a third of delivery's CPU
 * (issue 15), and the template's words are the same every time. lib/mailer.test.ts
 * decodes them as a mail reader does and checks them against a full render.
 */
export function renderOnce<Props extends { [Key in keyof Props]: string }>(template: (props: Props & { locale: Locale }) => ReactElement, keys: readonly (keyof Props & string)[]) {
  const marker = (index: number) => `WALLETSLOT${index}X`;
  const slot = /WALLETSLOT(\d+)X/;
  // "a WALLETSLOT0X b" splits into ['a ', '0', ' b']: words at even places, a value's index at odd ones.
  const split = (output: string) => output.split(slot).map((piece, place) => (place % 2 === 1 ? Number(piece) : piece));
  const rendered = new Map<Locale, Promise<{ encodedHtml: (string | number)[]; encodedText: (string | number)[] }>>();
  const encodeWords = (pieces: (string | number)[]) => pieces.map((piece) => (typeof piece === 'number' ? piece : quotedPrintable(piece)));
  const once = (locale: Locale) => {
    let pieces = rendered.get(locale);
    if (!pieces) {
      const element = template({ ...(Object.fromEntries(keys.map((key, index) => [key, marker(index)])) as Props), locale });
      pieces = Promise.all([render(element), render(element, { plainText: true })]).then(([html, text]) => {
        return { encodedHtml: encodeWords(split(html)), encodedText: encodeWords(split(text)) };
      });
      rendered.set(locale, pieces);
    }
    return pieces;
  };
  const values = (props: Props) => keys.map((key) => props[key] as string);
  return {
    async parts(locale: Locale, props: Props): Promise<Bodies> {
      const { encodedHtml, encodedText } = await once(locale);
      const raw = values(props);
      return { html: mimePart('text/html', encodedHtml, raw.map(escapeHtml)), text: mimePart('text/plain', encodedText, raw) };
    },
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
      const body = await verifyEmail.parts(locale, { displayName: payload.displayName, verifyUrl: verifyUrl.toString(), code, expiresAt: when(payload.expiresAt) });
      return { subject: t('mail.verifySubject'), ...body };
    }
    case 'email-changed': {
      if (!payload.sealedUndoToken || !payload.undoExpiresAt) throw new Error('notice already sent and its undo link erased');
      const undoUrl = new URL('/recover-email', config.appUrl);
      undoUrl.searchParams.set('token', unseal(config.sealKey, payload.sealedUndoToken));
      const body = await emailChanged.parts(locale, {
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
      const body = await emailRestored.parts(locale, { displayName: payload.displayName, undoneAt: when(payload.undoneAt) });
      return { subject: t('mail.restoredSubject'), ...body };
    }
  }
}

/**
 * A ready MIME part (renderOnce's `parts`), which nodemailer sends as it is: its
 * composer takes `raw` for the bodies as for attachments (mail-composer's
 * _createContentNode), though @types/nodemailer lists it for attachments only.
 */
const readyPart = (raw: string) => ({ raw }) as Mail.AttachmentLike;

export async function sendOutboxMessage(transport: Transporter, message: ClaimedMessage, config: MailConfig) {
  const { subject, html, text } = await compose(message, config);
  return transport.sendMail({
    from: config.from,
    to: message.recipient,
    subject,
    html: readyPart(html),
    text: readyPart(text),
    messageId: messageIdFor(message.id),
    ...(config.bounceDomain ? { envelope: { from: returnPath(message.id, config.bounceDomain), to: message.recipient } } : {}),
    headers: { 'X-Wallet-Outbox-Id': message.id, ...(message.requestId ? { 'X-Wallet-Request-Id': message.requestId } : {}) },
  });
}
