import 'next-auth';
import 'next-auth/jwt';

declare module 'next-auth' {
  interface User {
    sessionVersion: number;
  }
  interface Session {
    sessionVersion: number;
    sessionId: string;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    sv?: number;
    sid?: string;
  }
}
