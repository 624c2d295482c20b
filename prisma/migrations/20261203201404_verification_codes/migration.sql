-- AlterTable
ALTER TABLE "email_change_requests" ADD COLUMN     "code_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "code_hash" TEXT;
