import { Body, Container, Head, Html, Preview, Section, Text } from '@react-email/components';
import type { Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translator';

/** The frame every wallet e-mail shares: brand bar, white card, footer; in the account's language. */
export function EmailLayout({ locale, preview, children }: { locale: Locale; preview: string; children: React.ReactNode }) {
  const t = translator(locale);
  return (
    <Html lang={locale}>
      <Head>
        {/* Phone mail apps that honour it lay the card out at the screen's width, not a desktop's. */}
        <meta name="viewport" content="width=device-width, initial-scale=1" />
      </Head>
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: '#f1f5f9', fontFamily: 'Segoe UI, Roboto, Helvetica, Arial, sans-serif', margin: 0 }}>
        <Container style={{ maxWidth: 480, margin: '0 auto', padding: '24px 12px' }}>
          <Section style={{ backgroundColor: '#5c2d91', borderRadius: '16px 16px 0 0', padding: '16px 24px' }}>
            <Text style={{ color: '#ffffff', fontSize: 18, fontWeight: 700, margin: 0 }}>{t('mail.brand')}</Text>
          </Section>
          <Section style={{ backgroundColor: '#ffffff', borderRadius: '0 0 16px 16px', padding: '24px' }}>{children}</Section>
          <Text style={{ color: '#64748b', fontSize: 12, textAlign: 'center' }}>{t('mail.footer')}</Text>
        </Container>
      </Body>
    </Html>
  );
}

export const textStyle = { color: '#0f172a', fontSize: 15, lineHeight: '24px' } as const;
/** A raw URL printed for copying: it may break anywhere, or a 375 px screen scrolls sideways. */
export const rawUrlStyle = { wordBreak: 'break-all', overflowWrap: 'anywhere' } as const;
export const buttonStyle = {
  backgroundColor: '#5c2d91',
  borderRadius: 12,
  color: '#ffffff',
  display: 'inline-block',
  fontSize: 16,
  fontWeight: 600,
  padding: '12px 24px',
  textDecoration: 'none',
} as const;
