import { Button, Heading, Link, Text } from '@react-email/components';
import type { Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translator';
import { buttonStyle, EmailLayout, rawUrlStyle, textStyle } from './layout';

export interface EmailChangedProps {
  displayName: string;
  newEmail: string;
  changedAt: string;
  device: string;
  ip: string;
  undoUrl: string;
  undoExpiresAt: string;
  helpUrl: string;
}

/** Sent to the old address after a confirmed change: what changed, from where, and the way back. */
export default function EmailChanged({ locale, displayName, newEmail, changedAt, device, ip, undoUrl, undoExpiresAt, helpUrl }: EmailChangedProps & { locale: Locale }) {
  const t = translator(locale);
  const strong = (chunks: React.ReactNode) => <strong>{chunks}</strong>;
  return (
    <EmailLayout locale={locale} preview={t('mail.changedPreview')}>
      <Heading as="h1" style={{ fontSize: 22, margin: '0 0 12px' }}>
        {t('mail.changedTitle')}
      </Heading>
      <Text style={textStyle}>{t('mail.greeting', { name: displayName })}</Text>
      <Text style={textStyle}>{t.rich('mail.changedBody', { newEmail, changedAt, strong })}</Text>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>
        {t('mail.changedDevice', { device })}
        <br />
        {t('mail.changedIp', { ip })}
      </Text>
      <Text style={textStyle}>{t.rich('mail.changedNotYou', { strong })}</Text>
      <Button href={undoUrl} style={buttonStyle}>
        {t('mail.changedButton')}
      </Button>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>
        {t('mail.changedLink', { undoExpiresAt })}{' '}
        <Link href={undoUrl} style={rawUrlStyle}>
          {undoUrl}
        </Link>
        . {t.rich('mail.changedHelp', { help: (chunks) => <Link href={helpUrl}>{chunks}</Link> })}
      </Text>
    </EmailLayout>
  );
}

EmailChanged.PreviewProps = {
  locale: 'en',
  displayName: 'Sita Sharma',
  newEmail: 'sita.work@example.org',
  changedAt: '24 Nov 2026, 14:05 NPT',
  device: 'Chrome on Android',
  ip: '27.34.12.9',
  undoUrl: 'http://localhost:3000/recover-email?token=q3Vx0m9yqD8d1n4u7Kc2m1Zf0s9R5bT6wYxLkPa2E4c',
  undoExpiresAt: '1 Dec 2026, 14:05 NPT',
  helpUrl: 'http://localhost:3000/help/account-change',
} satisfies EmailChangedProps & { locale: Locale };
