import 'next-auth/jwt';

declare module 'next-auth/jwt' {
  interface JWT {
    partnerId?: string;
    sessionVersion?: number;
    signedInAt?: number;
  }
}
