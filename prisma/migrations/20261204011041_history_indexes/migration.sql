-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events" USING BRIN ("created_at" timestamptz_minmax_ops);

-- CreateIndex
CREATE INDEX "email_change_requests_pending_new_email_idx" ON "email_change_requests"("new_email") WHERE (status = 'PENDING');

-- CreateIndex
CREATE INDEX "outbox_messages_request_id_created_at_idx" ON "outbox_messages"("request_id", "created_at");

-- CreateIndex
CREATE INDEX "outbox_messages_created_at_idx" ON "outbox_messages"("created_at");

-- CreateIndex
CREATE INDEX "outbox_messages_settled_payload_idx" ON "outbox_messages"("created_at") WHERE (status <> 'PENDING' AND payload <> '{}'::jsonb);

-- CreateIndex
CREATE INDEX "rate_limits_expire_idx" ON "rate_limits"("expire");

-- CreateIndex
CREATE INDEX "sessions_expires_at_idx" ON "sessions"("expires_at");

-- CreateIndex
CREATE INDEX "webauthn_challenges_expires_at_idx" ON "webauthn_challenges"("expires_at");
