import { Button, Heading, Link, Text } from '@react-email/components';
import { buttonStyle, EmailLayout, textStyle } from './layout';

export interface VerifyEmailProps {
  displayName: string;
  verifyUrl: string;
  expiresAt: string;
}

export default function VerifyEmail({ displayName, verifyUrl, expiresAt }: VerifyEmailProps) {
  return (
    <EmailLayout preview="Confirm your email address for Wallet">
      <Heading as="h1" style={{ fontSize: 22, margin: '0 0 12px' }}>
        Confirm your email address
      </Heading>
      <Text style={textStyle}>Namaste {displayName},</Text>
      <Text style={textStyle}>
        Someone (hopefully you) asked to use this address for their Wallet account. Open the link and press
        “Confirm email” to finish.
      </Text>
      <Button href={verifyUrl} style={buttonStyle}>
        Open confirmation page
      </Button>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>
        The link works once and expires on {expiresAt}. If the button does not work, copy this address into your browser:{' '}
        <Link href={verifyUrl}>{verifyUrl}</Link>
      </Text>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>
        Didn’t ask for this? Ignore this e-mail; nothing changes unless the link is confirmed.
      </Text>
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  displayName: 'Sita Sharma',
  verifyUrl: 'http://localhost:3000/verify-email?token=q3Vx0m9yqD8d1n4u7Kc2m1Zf0s9R5bT6wYxLkPa2E4c',
  expiresAt: '25 Nov 2026, 14:05 NPT',
} satisfies VerifyEmailProps;
