-- CreateTable
CREATE TABLE "feature_flags" (
    "key" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "rollout_percent" INTEGER NOT NULL DEFAULT 100,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT,

    CONSTRAINT "feature_flags_pkey" PRIMARY KEY ("key")
);

ALTER TABLE "feature_flags" ADD CONSTRAINT "feature_flags_rollout_percent_check" CHECK ("rollout_percent" BETWEEN 0 AND 100);

-- The e-mail change has launched: on for everyone. A missing row also means on (lib/flags).
INSERT INTO "feature_flags" ("key", "enabled", "rollout_percent") VALUES ('email-change', true, 100);
