-- The hot paths in one round trip each (issue 15). Written by hand: Prisma's schema
-- does not describe functions, so no `prisma migrate diff` will ever touch these.
-- Each function does what the TypeScript it replaced did, statement for statement, in
-- the same order, and lib/email-change/request.ts and confirm.ts call them and say why.

-- A version 7 UUID (RFC 9562), like Prisma's uuid(7) default, for rows these functions
-- insert: 48 bits of Unix milliseconds, then the fraction of the millisecond in the 12
-- bits after the version (its "increased clock precision" method), and the rest
-- random. Rows one statement inserts within the same microsecond pass their position
-- (p_order, microseconds added to the clock), so they sort in the order inserted.
CREATE FUNCTION wallet_uuid7(p_order int DEFAULT 0) RETURNS uuid
LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    overlay(
      overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send(t.ms) FROM 3) FROM 1 FOR 6)
      PLACING int2send((28672 + t.fraction)::int2) FROM 7 FOR 2),
    'hex')::uuid
  FROM (
    SELECT floor(e.ms)::bigint AS ms, floor((e.ms - floor(e.ms)) * 4096)::int AS fraction
    FROM (SELECT extract(epoch FROM clock_timestamp() + p_order * interval '1 microsecond') * 1000 AS ms) AS e
  ) AS t
$$;

-- Seconds until a limit row runs out, as lib/email-change/limits.ts rounds them (at least 1).
CREATE FUNCTION wallet_seconds_until(p_expire timestamptz) RETURNS int
LANGUAGE sql STABLE AS $$
  SELECT greatest(1, ceil(greatest(extract(epoch FROM (p_expire - clock_timestamp())) * 1000, 0) / 1000))::int
$$;

-- rate-limiter-flexible's Prisma store (RateLimiterPrisma._upsert) in one statement:
-- an expired row starts over, a live one adds `p_points`. Same table, same keys
-- ("<prefix>:<key>"), so the library and these functions read each other's rows.
CREATE FUNCTION wallet_rate_limit_add(p_key text, p_points int, p_duration_ms bigint) RETURNS rate_limits
LANGUAGE plpgsql AS $$
DECLARE
  v_row rate_limits;
BEGIN
  DELETE FROM rate_limits WHERE key = p_key AND expire <= clock_timestamp();
  INSERT INTO rate_limits AS l (key, points, expire)
  VALUES (p_key, p_points, clock_timestamp() + p_duration_ms * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET points = l.points + excluded.points
  RETURNING * INTO v_row;
  RETURN v_row;
END $$;

-- The answer an earlier submission with this Idempotency-Key got, or null.
CREATE FUNCTION wallet_replayed_request(p_user uuid, p_idempotency_key text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('ok', true, 'requestId', id, 'email', new_email, 'expiresAt', expires_at)
  FROM email_change_requests WHERE user_id = p_user AND idempotency_key = p_idempotency_key
$$;

-- writeRequest + writeOrReplay (lib/email-change/request.ts): the send limits, "taken",
-- the request, the cooldown, superseding, the outbox row and the audit events, as one
-- statement. The limits are spent before "taken" is answered, and that answer commits
-- them. A lost race for the cooldown, or a copy of this submission that committed first
-- (unique (user_id, idempotency_key)), rolls back everything but the reads.
CREATE FUNCTION wallet_write_email_request(
  p_user uuid, p_email text, p_idempotency_key text, p_via text, p_now timestamptz,
  p_token_hash text, p_code_hash text, p_expires_at timestamptz, p_ip text, p_user_agent text,
  p_payload jsonb, p_cooldown_seconds int, p_per_hour int
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_actor text := 'user:' || p_user;
  v_limit record;
  v_row rate_limits;
  v_user users;
  v_id uuid;
  v_outbox uuid;
  v_superseded uuid[];
  v_wait int;
  v_earlier jsonb;
BEGIN
  FOR v_limit IN
    SELECT * FROM (VALUES ('email_hourly:' || p_user, p_per_hour), ('email_ip:' || p_ip, p_per_hour * 10), ('email_cooldown:' || p_user, 1)) AS l (key, points)
  LOOP
    SELECT * INTO v_row FROM rate_limits WHERE key = v_limit.key AND (expire > clock_timestamp() OR expire IS NULL);
    IF FOUND AND v_row.points >= v_limit.points THEN
      v_wait := CASE WHEN v_row.expire IS NULL THEN 1 ELSE wallet_seconds_until(v_row.expire) END;
      RETURN coalesce(wallet_replayed_request(p_user, p_idempotency_key), jsonb_build_object('ok', false, 'code', 'rate_limited', 'retryAfterSeconds', v_wait));
    END IF;
  END LOOP;

  BEGIN
    PERFORM wallet_rate_limit_add('email_hourly:' || p_user, 1, 3600000);
    PERFORM wallet_rate_limit_add('email_ip:' || p_ip, 1, 3600000);
    IF EXISTS (SELECT 1 FROM users WHERE email = p_email::citext AND id <> p_user) THEN
      RETURN jsonb_build_object('ok', false, 'code', 'email_taken');
    END IF;

    SELECT * INTO STRICT v_user FROM users WHERE id = p_user;
    -- A concurrent copy of this submission waits on the unique index here, and fails once this one commits.
    INSERT INTO email_change_requests (id, user_id, new_email, old_email, token_hash, code_hash, idempotency_key, expires_at, ip, user_agent, created_at)
    VALUES (wallet_uuid7(), p_user, p_email, v_user.email, p_token_hash, p_code_hash, p_idempotency_key, p_expires_at, p_ip, p_user_agent, p_now)
    RETURNING id INTO v_id;

    v_row := wallet_rate_limit_add('email_cooldown:' || p_user, 1, p_cooldown_seconds * 1000::bigint);
    IF v_row.points > 1 THEN
      -- Another submission sent a link a moment ago: this one rolls back, spending nothing.
      RAISE EXCEPTION USING ERRCODE = 'WL429', MESSAGE = wallet_seconds_until(v_row.expire)::text;
    END IF;

    WITH old AS (
      UPDATE email_change_requests SET status = 'SUPERSEDED'
      WHERE user_id = p_user AND status = 'PENDING' AND id <> v_id
      RETURNING id
    )
    SELECT coalesce(array_agg(id), '{}') INTO v_superseded FROM old;

    INSERT INTO outbox_messages (id, kind, recipient, payload, next_attempt_at, request_id, created_at)
    VALUES (
      wallet_uuid7(), 'verify-email', p_email,
      jsonb_build_object('kind', 'verify-email', 'userId', p_user, 'requestId', v_id, 'displayName', v_user.display_name) || p_payload,
      p_now, v_id, p_now
    )
    RETURNING id INTO v_outbox;

    INSERT INTO audit_events (id, user_id, type, actor, ip, user_agent, detail, created_at)
    SELECT wallet_uuid7(event.n), p_user, event.type, v_actor, p_ip, p_user_agent, event.detail, p_now
    FROM (
      SELECT o.n::int AS n, 'email.superseded' AS type, jsonb_build_object('requestId', o.old_id, 'by', v_id) AS detail FROM unnest(v_superseded) WITH ORDINALITY AS o (old_id, n)
      UNION ALL SELECT cardinality(v_superseded) + 1, 'email.requested', jsonb_build_object('requestId', v_id, 'email', p_email, 'via', p_via)
      UNION ALL SELECT cardinality(v_superseded) + 2, 'email.queued', jsonb_build_object('requestId', v_id, 'outboxId', v_outbox)
    ) AS event
    ORDER BY event.n;

    RETURN jsonb_build_object('ok', true, 'requestId', v_id, 'email', p_email, 'expiresAt', p_expires_at);
  EXCEPTION
    WHEN SQLSTATE 'WL429' THEN
      -- A copy of this submission that committed first started the cooldown that refused this one.
      RETURN coalesce(wallet_replayed_request(p_user, p_idempotency_key), jsonb_build_object('ok', false, 'code', 'rate_limited', 'retryAfterSeconds', SQLERRM::int));
    WHEN unique_violation THEN
      -- The same submission arrived twice at once: the other copy won, so answer as it did.
      v_earlier := wallet_replayed_request(p_user, p_idempotency_key);
      IF v_earlier IS NULL THEN
        RAISE;
      END IF;
      RETURN v_earlier;
  END;
END $$;

-- requestEmailChange (lib/email-change/request.ts) after the address is parsed and its
-- deliverability known (DNS is not the database's job): the replay, the hold, "your own
-- address", that refusal, the re-auth lock and window, then the write above.
CREATE FUNCTION wallet_request_email_change(
  p_user uuid, p_session uuid, p_email text, p_idempotency_key text, p_now timestamptz, p_undeliverable boolean,
  p_token_hash text, p_code_hash text, p_expires_at timestamptz, p_ip text, p_user_agent text,
  p_payload jsonb, p_cooldown_seconds int, p_per_hour int
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_earlier jsonb := wallet_replayed_request(p_user, p_idempotency_key);
  v_user users;
  v_locked_until timestamptz;
  v_privileged_until timestamptz;
BEGIN
  -- A retry of a submission whose response was lost gets the same answer, not a second e-mail.
  IF v_earlier IS NOT NULL THEN
    RETURN v_earlier;
  END IF;
  SELECT * INTO STRICT v_user FROM users WHERE id = p_user;
  IF v_user.email_hold_at IS NOT NULL THEN
    RETURN jsonb_build_object('ok', false, 'code', 'on_hold');
  END IF;
  IF v_user.email = p_email::citext THEN
    RETURN jsonb_build_object('ok', false, 'code', 'same_email');
  END IF;
  IF p_undeliverable THEN
    RETURN jsonb_build_object('ok', false, 'code', 'undeliverable');
  END IF;
  SELECT locked_until INTO v_locked_until FROM reauth_states WHERE user_id = p_user;
  IF v_locked_until > p_now THEN
    RETURN jsonb_build_object('ok', false, 'code', 'locked', 'until', v_locked_until);
  END IF;
  SELECT privileged_until INTO v_privileged_until FROM sessions WHERE id = p_session AND user_id = p_user AND ended_at IS NULL;
  IF v_privileged_until IS NULL OR v_privileged_until <= p_now THEN
    RETURN jsonb_build_object('ok', false, 'code', 'reauth_required');
  END IF;
  RETURN wallet_write_email_request(
    p_user, p_email, p_idempotency_key, 'requested', p_now, p_token_hash, p_code_hash, p_expires_at,
    p_ip, p_user_agent, p_payload, p_cooldown_seconds, p_per_hour);
END $$;

-- applyChange (lib/email-change/confirm.ts): consumes the request (row count checked,
-- so concurrent confirms fail closed) and changes the account, as one statement: the
-- address, the audit events, every other session ended, and for a change (not an
-- addition) the undo link and the notice to the removed address. An address another
-- account holds by now rolls all of it back, the request included.
CREATE FUNCTION wallet_apply_email_change(
  p_request uuid, p_user uuid, p_session uuid, p_now timestamptz, p_ip text, p_user_agent text,
  p_undo_token_hash text, p_undo_expires_at timestamptz, p_notice jsonb
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_actor text := 'user:' || p_user;
  v_new_email text;
  v_before users;
BEGIN
  UPDATE email_change_requests SET status = 'VERIFIED', consumed_at = p_now
  WHERE id = p_request AND user_id = p_user AND status = 'PENDING' AND expires_at > p_now
  RETURNING new_email INTO v_new_email;
  -- Someone else (a double click, another tab) consumed it first: fail closed.
  IF NOT FOUND THEN
    RETURN jsonb_build_object('outcome', 'used');
  END IF;

  BEGIN
    IF EXISTS (SELECT 1 FROM users WHERE email = v_new_email::citext AND id <> p_user) THEN
      RAISE EXCEPTION USING ERRCODE = 'WL409', MESSAGE = 'address taken';
    END IF;
    SELECT * INTO STRICT v_before FROM users WHERE id = p_user;
    UPDATE users SET email = v_new_email, email_verified_at = p_now, updated_at = p_now WHERE id = p_user;

    INSERT INTO audit_events (id, user_id, type, actor, ip, user_agent, detail, created_at) VALUES
      (wallet_uuid7(), p_user, 'email.verified', v_actor, p_ip, p_user_agent, jsonb_build_object('requestId', p_request, 'email', v_new_email), p_now),
      (wallet_uuid7(1), p_user, 'email.changed', v_actor, p_ip, p_user_agent, jsonb_build_object('requestId', p_request, 'from', v_before.email, 'to', v_new_email), p_now);

    -- Every other session and app token ends (lib/auth/sessions.ts, endSessions), but the one confirming carries on.
    WITH ended AS (
      UPDATE sessions SET ended_at = p_now, end_reason = 'email_changed', privileged_until = NULL
      WHERE user_id = p_user AND ended_at IS NULL AND expires_at > p_now AND (p_session IS NULL OR id <> p_session)
      RETURNING id, kind, device
    )
    INSERT INTO audit_events (id, user_id, type, actor, ip, user_agent, detail, created_at)
    SELECT wallet_uuid7(2 + row_number() OVER ()::int), p_user, 'session.ended', v_actor, p_ip, p_user_agent,
      jsonb_build_object('sessionId', id, 'kind', kind, 'device', device, 'reason', 'email_changed'), p_now
    FROM ended;

    IF v_before.email IS NOT NULL THEN
      -- The removed address is told, with its way back: "This wasn't me — undo this change".
      INSERT INTO email_recoveries (id, user_id, request_id, removed_email, added_email, token_hash, expires_at, created_at)
      VALUES (wallet_uuid7(), p_user, p_request, v_before.email, v_new_email, p_undo_token_hash, p_undo_expires_at, p_now);
      INSERT INTO outbox_messages (id, kind, recipient, payload, next_attempt_at, request_id, created_at)
      VALUES (
        wallet_uuid7(), 'email-changed', v_before.email,
        jsonb_build_object('kind', 'email-changed', 'userId', p_user, 'displayName', v_before.display_name, 'newEmail', v_new_email) || p_notice,
        p_now, p_request, p_now
      );
    END IF;
    RETURN jsonb_build_object('outcome', 'verified', 'email', v_new_email);
  EXCEPTION
    -- Checked above, and enforced by the unique index when two confirms race.
    WHEN SQLSTATE 'WL409' OR unique_violation THEN
      RETURN jsonb_build_object('outcome', 'address_taken');
  END;
END $$;

-- confirmEmailChange (lib/email-change/confirm.ts): the link's state, an expiry audited,
-- then the change above. Another account's link reads as invalid.
CREATE FUNCTION wallet_confirm_email_change(
  p_token_hash text, p_user uuid, p_session uuid, p_now timestamptz, p_ip text, p_user_agent text,
  p_undo_token_hash text, p_undo_expires_at timestamptz, p_notice jsonb
) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_request email_change_requests;
BEGIN
  SELECT * INTO v_request FROM email_change_requests WHERE token_hash = p_token_hash;
  IF NOT FOUND OR v_request.user_id <> p_user OR v_request.status = 'CANCELLED' THEN
    RETURN jsonb_build_object('outcome', 'invalid');
  ELSIF v_request.status = 'VERIFIED' THEN
    RETURN jsonb_build_object('outcome', 'used');
  ELSIF v_request.status = 'SUPERSEDED' THEN
    RETURN jsonb_build_object('outcome', 'superseded');
  ELSIF v_request.expires_at <= p_now THEN
    INSERT INTO audit_events (id, user_id, type, actor, ip, user_agent, detail, created_at)
    VALUES (wallet_uuid7(), p_user, 'email.expired', 'user:' || p_user, p_ip, p_user_agent, jsonb_build_object('requestId', v_request.id), p_now);
    RETURN jsonb_build_object('outcome', 'expired');
  END IF;
  RETURN wallet_apply_email_change(v_request.id, p_user, p_session, p_now, p_ip, p_user_agent, p_undo_token_hash, p_undo_expires_at, p_notice);
END $$;
