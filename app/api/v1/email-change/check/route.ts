import { json } from '@/lib/api/problem';
import { emailCheckBody } from '@/lib/api/schemas';
import { normalizeEmail } from '@/lib/email-change/address';
import { checkAddress } from '@/lib/email-change/request';
import { emailContext } from '@/lib/email-change/service';
import { endpoint, otherMethods } from '../../_lib/endpoint';

/**
 * What the app's address screen shows while the user types: "Did you mean …?", and
 * whether POST /email-change would refuse the address as throwaway or mail-less.
 * Changes nothing and needs no re-auth; signed in only, so it is no open DNS probe.
 */
export const POST = endpoint({
  auth: true,
  body: emailCheckBody,
  async handle({ body }) {
    const address = normalizeEmail(body.email);
    // The body schema has already refused what normalizeEmail cannot store.
    if (!address.ok) throw new Error('unreachable: emailField accepted an invalid address');
    return json(await checkAddress(emailContext().config, address.email));
  },
});

export const { GET, PUT, PATCH, DELETE } = otherMethods('POST');
