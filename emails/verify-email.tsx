import { Button, Heading, Link, Text } from '@react-email/components';
import type { Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translator';
import { buttonStyle, EmailLayout, rawUrlStyle, textStyle } from './layout';

export interface VerifyEmailProps {
  displayName: string;
  verifyUrl: string;
  code: string;
  expiresAt: string;
}

export default function VerifyEmail({ locale, displayName, verifyUrl, code, expiresAt }: VerifyEmailProps & { locale: Locale }) {
  const t = translator(locale);
  return (
    <EmailLayout locale={locale} preview={t('mail.verifySubject')}>
      <Heading as="h1" style={{ fontSize: 22, margin: '0 0 12px' }}>
        {t('mail.verifyTitle')}
      </Heading>
      <Text style={textStyle}>{t('mail.greeting', { name: displayName })}</Text>
      <Text style={textStyle}>{t('mail.verifyBody')}</Text>
      <Button href={verifyUrl} style={buttonStyle}>
        {t('mail.verifyButton')}
      </Button>
      <Text style={textStyle}>{t('mail.verifyCode')}</Text>
      <Text style={{ ...textStyle, fontSize: 28, fontWeight: 700, letterSpacing: 6, margin: '4px 0 16px' }}>{code}</Text>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>
        {t('mail.verifyExpires', { expiresAt })}{' '}
        <Link href={verifyUrl} style={rawUrlStyle}>
          {verifyUrl}
        </Link>
      </Text>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>{t('mail.verifyIgnore')}</Text>
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  locale: 'en',
  displayName: 'Sita Sharma',
  verifyUrl: 'http://localhost:3000/verify-email?token=q3Vx0m9yqD8d1n4u7Kc2m1Zf0s9R5bT6wYxLkPa2E4c',
  code: '042917',
  expiresAt: '25 Nov 2026, 14:05 NPT',
} satisfies VerifyEmailProps & { locale: Locale };
