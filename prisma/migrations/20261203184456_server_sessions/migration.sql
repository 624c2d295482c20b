-- Sessions become server-side records (issue 11): sign-out and "end other sessions"
-- take effect at once. Cookies and app tokens issued before this migration refer to
-- no session row, so everyone signs in once more after deploying it.

-- CreateEnum
CREATE TYPE "SessionKind" AS ENUM ('WEB', 'APP');

-- DropForeignKey
ALTER TABLE "api_tokens" DROP CONSTRAINT "api_tokens_user_id_fkey";

-- AlterTable
ALTER TABLE "reauth_states" DROP COLUMN "privileged_until",
DROP COLUMN "session_id";

-- AlterTable
ALTER TABLE "users" DROP COLUMN "kept_session_id",
DROP COLUMN "session_version";

-- DropTable
DROP TABLE "api_tokens";

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "kind" "SessionKind" NOT NULL,
    "token_hash" TEXT,
    "device" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "privileged_until" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "end_reason" TEXT,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sessions_token_hash_key" ON "sessions"("token_hash");

-- CreateIndex
CREATE INDEX "sessions_user_id_ended_at_idx" ON "sessions"("user_id", "ended_at");

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
