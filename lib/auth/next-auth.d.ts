import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface User {
    // The server-side session row this sign-in started (lib/auth/sessions.ts).
    sessionId?: string;
  }
  interface Session {
    sessionId: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    sid?: string;
  }
}
