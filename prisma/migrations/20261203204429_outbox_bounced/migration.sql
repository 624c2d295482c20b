-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'BOUNCED';
