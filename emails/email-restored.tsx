import { Heading, Text } from '@react-email/components';
import { EmailLayout, textStyle } from './layout';

export interface EmailRestoredProps {
  displayName: string;
  undoneAt: string;
}

/** Sent to the address an undo removed from the account. */
export default function EmailRestored({ displayName, undoneAt }: EmailRestoredProps) {
  return (
    <EmailLayout preview="A change to a Wallet account's email was undone">
      <Heading as="h1" style={{ fontSize: 22, margin: '0 0 12px' }}>
        An email change was undone
      </Heading>
      <Text style={textStyle}>Namaste {displayName},</Text>
      <Text style={textStyle}>
        On {undoneAt} the owner of the Wallet account’s previous email address said they did not make the change to this
        address, and undid it. This address is no longer on the account and will not receive its receipts or security
        alerts.
      </Text>
      <Text style={textStyle}>
        If you are the account holder and did make the change, call Wallet support on 01-5970017. The account is on hold
        and support will help you after checking who you are.
      </Text>
    </EmailLayout>
  );
}

EmailRestored.PreviewProps = { displayName: 'Sita Sharma', undoneAt: '25 Nov 2026, 09:10 NPT' } satisfies EmailRestoredProps;
