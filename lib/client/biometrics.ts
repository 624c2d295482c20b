'use client';

import { browserSupportsWebAuthn, startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState } from 'react';
import {
  biometricFailedAction,
  passkeyReauthAction,
  passkeyReauthOptionsAction,
  passkeyRegistrationOptionsAction,
  registerPasskeyAction,
} from '@/app/(account)/profile/biometrics/actions';

/** Whether this device has a platform authenticator with user verification (fingerprint, face, PIN). */
export function usePlatformBiometrics() {
  const [available, setAvailable] = useState(false);
  useEffect(() => {
    if (!browserSupportsWebAuthn()) return;
    PublicKeyCredential.isUserVerifyingPlatformAuthenticatorAvailable()
      .then(setAvailable)
      .catch(() => setAvailable(false));
  }, []);
  return available;
}

export type BiometricOutcome = { ok: true } | { ok: false; code: string; message: string };

/** Re-authenticates with a passkey. Any refusal on the device (cancel, time-out, no match) is reported and counted. */
export async function reauthWithBiometrics(): Promise<BiometricOutcome> {
  const options = await passkeyReauthOptionsAction();
  if (!options.ok) return options;
  let response;
  try {
    response = await startAuthentication({ optionsJSON: options.options });
  } catch (error) {
    return biometricFailedAction(error instanceof Error ? error.name : 'unknown');
  }
  return passkeyReauthAction(response);
}

function deviceName() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Chrome\//.test(ua) ? 'Chrome' : /Firefox\//.test(ua) ? 'Firefox' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Windows/.test(ua) ? 'Windows' : /Linux/.test(ua) ? 'Linux' : 'this device';
  return `${browser} on ${os}`;
}

/** Registers a passkey on this device; `reauth_required` means the password must be confirmed first. */
export async function setUpBiometrics(words: { cancelled: string; deviceFailed: string }): Promise<BiometricOutcome> {
  const options = await passkeyRegistrationOptionsAction();
  if (!options.ok) return options;
  let response;
  try {
    response = await startRegistration({ optionsJSON: options.options });
  } catch (error) {
    const cancelled = error instanceof Error && error.name === 'NotAllowedError';
    return { ok: false, code: 'cancelled', message: cancelled ? words.cancelled : words.deviceFailed };
  }
  return registerPasskeyAction(response, deviceName());
}
