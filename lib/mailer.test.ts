import { render } from '@react-email/render';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import EmailChanged from '@/emails/email-changed';
import EmailRestored from '@/emails/email-restored';
import VerifyEmail from '@/emails/verify-email';
import { locales } from '@/lib/i18n/locales';
import { renderOnce } from '@/lib/mailer';

// Names and addresses as they reach a template, awkward characters included; links are URLs (built with new URL()).
const value = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() === text && !/\s{2}/.test(text)),
  fc.constantFrom('Sita <b>Sharma</b>', `O'Brien & "Co"`, 'नमस्ते दिदी', 'a.b+c@example.com'),
);
const link = fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.constant('http://localhost:3000/verify-email?token=a&b=%3Cc%3E')).map((url) => new URL(url).toString());

const full = async (element: Parameters<typeof render>[0]) => ({ html: await render(element), text: await render(element, { plainText: true }) });

it('a template rendered once and filled reads exactly like a full render (HTML and plain text), in each language', async () => {
  const verify = renderOnce(VerifyEmail, ['displayName', 'verifyUrl', 'code', 'expiresAt']);
  const changed = renderOnce(EmailChanged, ['displayName', 'newEmail', 'changedAt', 'device', 'ip', 'undoUrl', 'undoExpiresAt', 'helpUrl']);
  const restored = renderOnce(EmailRestored, ['displayName', 'undoneAt']);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...locales), fc.tuple(value, link, value, value, value, value, link, link), async (locale, [a, b, c, d, e, g, f, h]) => {
      const code = { displayName: a, verifyUrl: b, code: '042917', expiresAt: c };
      expect(await verify(locale, code)).toEqual(await full(VerifyEmail({ ...code, locale })));
      const props = { displayName: a, newEmail: g, changedAt: c, device: d, ip: e, undoUrl: h, undoExpiresAt: c, helpUrl: f };
      expect(await changed(locale, props)).toEqual(await full(EmailChanged({ ...props, locale })));
      expect(await restored(locale, { displayName: a, undoneAt: c })).toEqual(await full(EmailRestored({ displayName: a, undoneAt: c, locale })));
    }),
    { numRuns: 150 },
  );
});

it('writes each e-mail in the account’s language, and nothing of the other language leaks in', async () => {
  const verify = renderOnce(VerifyEmail, ['displayName', 'verifyUrl', 'code', 'expiresAt']);
  const props = { displayName: 'Sita', verifyUrl: 'http://localhost:3000/verify-email?token=x', code: '042917', expiresAt: '२०२६ नोभेम्बर २५' };
  const ne = await verify('ne', props);
  expect(ne.html).toMatch(/<html[^>]* lang="ne"/);
  expect(ne.text).toContain('नमस्ते Sita,');
  expect(ne.text).toContain('पुष्टि गर्ने पेज खोल्नुहोस्');
  expect(ne.text).not.toMatch(/Confirm|Namaste/);
  const en = await verify('en', props);
  expect(en.html).toMatch(/<html[^>]* lang="en"/);
  expect(en.text).toContain('Namaste Sita,');
});
