import { serve } from 'inngest/next';
import { inngest, outboxFunctions } from '@/lib/email-change/service';

// Inngest calls this endpoint to run the outbox functions; requests are checked
// against INNGEST_SIGNING_KEY (unsigned ones are refused outside INNGEST_DEV=1).
export const { GET, POST, PUT } = serve({ client: inngest, functions: Object.values(outboxFunctions) });
