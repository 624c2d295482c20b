-- CreateEnum
CREATE TYPE "RecoveryStatus" AS ENUM ('PENDING', 'USED', 'SUPERSEDED');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "email_hold_at" TIMESTAMPTZ(3),
ADD COLUMN     "email_hold_by" TEXT,
ADD COLUMN     "email_hold_reason" TEXT,
ADD COLUMN     "password_reset_required" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "email_recoveries" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "removed_email" CITEXT NOT NULL,
    "added_email" CITEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "status" "RecoveryStatus" NOT NULL DEFAULT 'PENDING',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "used_at" TIMESTAMPTZ(3),
    "used_by" TEXT,
    "address_claimed" BOOLEAN NOT NULL DEFAULT false,
    "password_token_hash" TEXT,
    "password_set_at" TIMESTAMPTZ(3),

    CONSTRAINT "email_recoveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "email_recoveries_request_id_key" ON "email_recoveries"("request_id");

-- CreateIndex
CREATE UNIQUE INDEX "email_recoveries_token_hash_key" ON "email_recoveries"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "email_recoveries_password_token_hash_key" ON "email_recoveries"("password_token_hash");

-- CreateIndex
CREATE INDEX "email_recoveries_user_id_created_at_idx" ON "email_recoveries"("user_id", "created_at");

-- AddForeignKey
ALTER TABLE "email_recoveries" ADD CONSTRAINT "email_recoveries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_recoveries" ADD CONSTRAINT "email_recoveries_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "email_change_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;
