import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { render } from '@react-email/render';
import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { expect, it } from 'vitest';
import EmailChanged from '@/emails/email-changed';
import EmailRestored from '@/emails/email-restored';
import VerifyEmail from '@/emails/verify-email';
import { locales } from '@/lib/i18n/locales';
import { seal, sealKey } from '@/lib/crypto/seal';
import type { ClaimedMessage } from '@/lib/jobs/outbox';
import { createTransport, renderOnce, sendOutboxMessage, smtpTimeouts } from '@/lib/mailer';
import { nptDateTime } from '@/lib/nepal-time';

// Names and addresses as they reach a template, awkward characters included; links are URLs (built with new URL()).
const value = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() === text && !/\s{2}/.test(text)),
  fc.constantFrom('Sita <b>Sharma</b>', `O'Brien & "Co"`, 'नमस्ते दिदी', 'a.b+c@example.com'),
);
const link = fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.constant('http://localhost:3000/verify-email?token=a&b=%3Cc%3E')).map((url) => new URL(url).toString());

const full = async (element: Parameters<typeof render>[0]) => ({ html: await render(element), text: await render(element, { plainText: true }) });
// A MIME part (its headers, a blank line, its body) parses as a message of its own: the bodies as a mail reader decodes them.
const decoded = async (parts: { html: string; text: string }) => ({ html: (await simpleParser(parts.html)).html, text: (await simpleParser(parts.text)).text });

it('a template rendered once and filled decodes to exactly a full render (HTML and plain text), in each language', async () => {
  const verify = renderOnce(VerifyEmail, ['displayName', 'verifyUrl', 'code', 'expiresAt']);
  const changed = renderOnce(EmailChanged, ['displayName', 'newEmail', 'changedAt', 'device', 'ip', 'undoUrl', 'undoExpiresAt', 'helpUrl']);
  const restored = renderOnce(EmailRestored, ['displayName', 'undoneAt']);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...locales), fc.tuple(value, link, value, value, value, value, link, link), async (locale, [a, b, c, d, e, g, f, h]) => {
      const code = { displayName: a, verifyUrl: b, code: '042917', expiresAt: c };
      expect(await decoded(await verify.parts(locale, code))).toEqual(await full(VerifyEmail({ ...code, locale })));
      const props = { displayName: a, newEmail: g, changedAt: c, device: d, ip: e, undoUrl: h, undoExpiresAt: c, helpUrl: f };
      expect(await decoded(await changed.parts(locale, props))).toEqual(await full(EmailChanged({ ...props, locale })));
      expect(await decoded(await restored.parts(locale, { displayName: a, undoneAt: c }))).toEqual(await full(EmailRestored({ displayName: a, undoneAt: c, locale })));
    }),
    { numRuns: 150 },
  );
});

it('writes each e-mail in the account’s language, and nothing of the other language leaks in', async () => {
  const verify = renderOnce(VerifyEmail, ['displayName', 'verifyUrl', 'code', 'expiresAt']);
  const props = { displayName: 'Sita', verifyUrl: 'http://localhost:3000/verify-email?token=x', code: '042917', expiresAt: '२०२६ नोभेम्बर २५' };
  const ne = await decoded(await verify.parts('ne', props));
  expect(ne.html).toMatch(/<html[^>]* lang="ne"/);
  expect(ne.text).toContain('नमस्ते Sita,');
  expect(ne.text).toContain('पुष्टि गर्ने पेज खोल्नुहोस्');
  expect(ne.text).not.toMatch(/Confirm|Namaste/);
  const en = await decoded(await verify.parts('en', props));
  expect(en.html).toMatch(/<html[^>]* lang="en"/);
  expect(en.text).toContain('Namaste Sita,');
});

it('sends each e-mail as MIME that a mail reader decodes to exactly the full render, no line over 76 characters', async () => {
  // nodemailer's stream transport builds the message as SMTP would carry it; mailparser reads it as a mail client does.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const appUrl = 'https://wallet.example';
  const config = { appUrl, from: 'Wallet <no-reply@wallet.example>', sealKey: sealKey(randomBytes(32).toString('base64url')) };
  const at = '2026-11-24T08:20:00.000Z';
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...locales), value, value, value, value, async (locale, displayName, newEmail, device, ip) => {
      const token = randomBytes(32).toString('base64url');
      const when = nptDateTime(new Date(at), locale);
      const base = { id: randomUUID(), recipient: 'sita@example.com', attempts: 1, requestId: randomUUID(), locale, createdAt: new Date(at) };
      const userId = randomUUID();
      const cases = [
        {
          message: { ...base, kind: 'verify-email', payload: { kind: 'verify-email', userId, requestId: base.requestId, displayName, sealedToken: seal(config.sealKey, token), sealedCode: seal(config.sealKey, '042917'), expiresAt: at } },
          expected: VerifyEmail({ displayName, verifyUrl: `${appUrl}/verify-email?token=${token}`, code: '042917', expiresAt: when, locale }),
        },
        {
          message: { ...base, kind: 'email-changed', payload: { kind: 'email-changed', userId, displayName, newEmail, changedAt: at, device, ip, sealedUndoToken: seal(config.sealKey, token), undoExpiresAt: at } },
          expected: EmailChanged({ displayName, newEmail, changedAt: when, device, ip, undoUrl: `${appUrl}/recover-email?token=${token}`, undoExpiresAt: when, helpUrl: `${appUrl}/help/account-change`, locale }),
        },
      ];
      for (const { message, expected } of cases) {
        const sent = (await sendOutboxMessage(transport, message as ClaimedMessage, config)) as { message: Buffer };
        const source = sent.message.toString('utf8');
        expect(source.split('\r\n').filter((line) => line.length > 76)).toEqual([]);
        expect(source).toMatch(/Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable/);
        const parsed = await simpleParser(sent.message);
        const { html, text } = await full(expected);
        expect(parsed.html).toBe(html);
        expect(parsed.text).toBe(text);
      }
    }),
    { numRuns: 60 },
  );
});

it('gives up on a server that accepts the connection and never answers, after the greeting timeout, not minutes later', { timeout: 30_000 }, async () => {
  // A tarpit: it takes the TCP connection and says nothing, as a hung mail server does.
  const held: Socket[] = [];
  const tarpit = createServer((socket) => void held.push(socket));
  await new Promise<void>((resolve) => tarpit.listen(0, '127.0.0.1', resolve));
  const { port } = tarpit.address() as { port: number };
  const transport = createTransport(`smtp://127.0.0.1:${port}`);
  const started = Date.now();
  try {
    await expect(transport.sendMail({ from: 'a@wallet.example', to: 'b@example.com', subject: 'x', text: 'x' })).rejects.toThrow(/greeting/i);
    // Well under the outbox lease (60 s), and not nodemailer's own 30 s.
    expect(Date.now() - started).toBeLessThan(smtpTimeouts.greetingTimeout + 5_000);
  } finally {
    transport.close();
    for (const socket of held) socket.destroy();
    tarpit.close();
  }
});

