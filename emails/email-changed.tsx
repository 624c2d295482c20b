import { Button, Heading, Link, Text } from '@react-email/components';
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
export default function EmailChanged({ displayName, newEmail, changedAt, device, ip, undoUrl, undoExpiresAt, helpUrl }: EmailChangedProps) {
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
        <strong>Wasn’t you?</strong> Undo it now. We will put this address back, sign everyone out of your wallet, hold
        further email changes, and ask you for a new password.
      </Text>
      <Button href={undoUrl} style={buttonStyle}>
        This wasn’t me — undo this change
      </Button>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>
        The link works once, until {undoExpiresAt}, without signing in. If it does not work, copy this address into your browser:{' '}
        <Link href={undoUrl} style={rawUrlStyle}>
          {undoUrl}
        </Link>
        . Questions? <Link href={helpUrl}>What happens when you undo</Link>, or call Wallet
        support on 01-5970017.
      </Text>
    </EmailLayout>
  );
}

EmailChanged.PreviewProps = {
  displayName: 'Sita Sharma',
  newEmail: 'sita.work@example.org',
  changedAt: '24 Nov 2026, 14:05 NPT',
  device: 'Chrome on Android',
  ip: '27.34.12.9',
  undoUrl: 'http://localhost:3000/recover-email?token=q3Vx0m9yqD8d1n4u7Kc2m1Zf0s9R5bT6wYxLkPa2E4c',
  undoExpiresAt: '1 Dec 2026, 14:05 NPT',
  helpUrl: 'http://localhost:3000/help/account-change',
} satisfies EmailChangedProps;
