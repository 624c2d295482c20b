import { Button, Heading, Link, Text } from '@react-email/components';
import { buttonStyle, EmailLayout, rawUrlStyle, textStyle } from './layout';

export interface VerifyEmailProps {
  displayName: string;
  verifyUrl: string;
  code: string;
  expiresAt: string;
}

export default function VerifyEmail({ displayName, verifyUrl, code, expiresAt }: VerifyEmailProps) {
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
      <Text style={textStyle}>Or enter this code in the Wallet app, or under “Enter code” on your profile:</Text>
      <Text style={{ ...textStyle, fontSize: 28, fontWeight: 700, letterSpacing: 6, margin: '4px 0 16px' }}>{code}</Text>
      <Text style={{ ...textStyle, fontSize: 13, color: '#475569' }}>
        The link and the code work once and expire on {expiresAt}. If the button does not work, copy this address into your browser:{' '}
        <Link href={verifyUrl} style={rawUrlStyle}>
          {verifyUrl}
        </Link>
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
  code: '042917',
  expiresAt: '25 Nov 2026, 14:05 NPT',
} satisfies VerifyEmailProps;
