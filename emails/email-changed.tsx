import { Button, Heading, Text } from '@react-email/components';
import { buttonStyle, EmailLayout, textStyle } from './layout';

export interface EmailChangedProps {
  displayName: string;
  newEmail: string;
  changedAt: string;
  device: string;
  ip: string;
  helpUrl: string;
}

/** Sent to the old address after a confirmed change. */
export default function EmailChanged({ displayName, newEmail, changedAt, device, ip, helpUrl }: EmailChangedProps) {
  return (
    <EmailLayout preview="The email on your Wallet account was changed">
      <Heading as="h1" style={{ fontSize: 22, margin: '0 0 12px' }}>
        Your Wallet email was changed
      </Heading>
      <Text style={textStyle}>Namaste {displayName},</Text>
      <Text style={textStyle}>
        The email address on your Wallet account was changed to <strong>{newEmail}</strong> on {changedAt}. This address
        will no longer receive receipts or security alerts.
      </Text>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>
        Device: {device}
        <br />
        IP address: {ip}
      </Text>
      <Text style={textStyle}>
        <strong>Wasn’t you?</strong> Call Wallet support on 01-5970017 or open the help page now. We will lock the account
        and help you get it back.
      </Text>
      <Button href={helpUrl} style={buttonStyle}>
        This wasn’t me
      </Button>
    </EmailLayout>
  );
}

EmailChanged.PreviewProps = {
  displayName: 'Sita Sharma',
  newEmail: 'sita.work@example.org',
  changedAt: '24 Nov 2026, 14:05 NPT',
  device: 'Chrome on Android',
  ip: '27.34.12.9',
  helpUrl: 'http://localhost:3000/help/account-change',
} satisfies EmailChangedProps;
