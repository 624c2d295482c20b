-- CreateIndex
CREATE INDEX "email_change_requests_verified_idx" ON "email_change_requests"("consumed_at") WHERE (status = 'VERIFIED');
