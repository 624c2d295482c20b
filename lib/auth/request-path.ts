/** The header proxy.ts sets to the page being asked for, so a sign-in redirect can come back to it. */
export const requestPathHeader = 'x-wallet-path';
