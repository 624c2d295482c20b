import { Heading, Text } from '@react-email/components';
import type { Locale } from '@/lib/i18n/locales';
import { translator } from '@/lib/i18n/translator';
import { EmailLayout, textStyle } from './layout';

export interface EmailRestoredProps {
  displayName: string;
  undoneAt: string;
}

/** Sent to the address an undo removed from the account. */
export default function EmailRestored({ locale, displayName, undoneAt }: EmailRestoredProps & { locale: Locale }) {
  const t = translator(locale);
  return (
    <EmailLayout locale={locale} preview={t('mail.restoredPreview')}>
      <Heading as="h1" style={{ fontSize: 22, margin: '0 0 12px' }}>
        {t('mail.restoredTitle')}
      </Heading>
      <Text style={textStyle}>{t('mail.greeting', { name: displayName })}</Text>
      <Text style={textStyle}>{t('mail.restoredBody', { undoneAt })}</Text>
      <Text style={textStyle}>{t('mail.restoredCall')}</Text>
    </EmailLayout>
  );
}

EmailRestored.PreviewProps = { locale: 'en', displayName: 'Sita Sharma', undoneAt: '25 Nov 2026, 09:10 NPT' } satisfies EmailRestoredProps & { locale: Locale };
