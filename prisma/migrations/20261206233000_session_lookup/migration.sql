-- The session a cookie or bearer token names, with its user, as a function (issue 15):
-- PL/pgSQL keeps the plans of its statements for the connection's life, where the same
-- statement sent as a query was planned again on every request (a CTE, an UPDATE and a
-- join: two thirds of the lookup's database time). Written by hand, like the hot paths'
-- functions: Prisma's schema does not describe functions.
--
-- findSession (lib/auth/sessions.ts) calls it: by the hash of an app's bearer token, or
-- by a browser session's id and its user. A live session whose activity is older than
-- p_touch_before is touched; the row is returned as it was before the touch, and the
-- caller decides whether it is live (isLive), as before.
CREATE FUNCTION wallet_find_session(
  p_token_hash text, p_session uuid, p_user uuid, p_now timestamptz, p_idle_since timestamptz, p_touch_before timestamptz
) RETURNS TABLE (
  "s_id" uuid, "s_userId" uuid, "s_kind" text, "s_tokenHash" text, "s_device" text, "s_ip" text,
  "s_createdAt" timestamptz, "s_lastSeenAt" timestamptz, "s_expiresAt" timestamptz, "s_privilegedUntil" timestamptz,
  "s_endedAt" timestamptz, "s_endReason" text,
  "u_id" uuid, "u_mobileNumber" text, "u_displayName" text, "u_passwordHash" text, "u_email" text,
  "u_emailVerifiedAt" timestamptz, "u_role" text, "u_emailHoldAt" timestamptz, "u_emailHoldBy" text,
  "u_emailHoldReason" text, "u_passwordResetRequired" boolean, "u_createdAt" timestamptz, "u_updatedAt" timestamptz
)
LANGUAGE plpgsql AS $$
DECLARE
  v sessions;
BEGIN
  IF p_token_hash IS NOT NULL THEN
    SELECT * INTO v FROM sessions WHERE token_hash = p_token_hash AND kind = 'APP';
  ELSE
    SELECT * INTO v FROM sessions WHERE id = p_session AND user_id = p_user AND kind = 'WEB';
  END IF;
  IF NOT FOUND THEN
    RETURN;
  END IF;
  -- Activity is written at most once a minute, and never to a session that is over.
  IF v.ended_at IS NULL AND v.expires_at > p_now AND v.last_seen_at > p_idle_since AND v.last_seen_at <= p_touch_before THEN
    UPDATE sessions SET last_seen_at = p_now WHERE id = v.id;
  END IF;
  RETURN QUERY
    SELECT v.id, v.user_id, v.kind::text, v.token_hash, v.device, v.ip, v.created_at, v.last_seen_at, v.expires_at,
      v.privileged_until, v.ended_at, v.end_reason,
      u.id, u.mobile_number, u.display_name, u.password_hash, u.email::text, u.email_verified_at, u.role::text,
      u.email_hold_at, u.email_hold_by, u.email_hold_reason, u.password_reset_required, u.created_at, u.updated_at
    FROM users u WHERE u.id = v.user_id;
END $$;
