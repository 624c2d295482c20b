-- AlterTable
ALTER TABLE "users" ADD COLUMN     "locale" VARCHAR(2);

-- Only the languages the app has catalogues for (lib/i18n/locales.ts).
ALTER TABLE "users" ADD CONSTRAINT "users_locale_check" CHECK ("locale" IN ('en', 'ne'));
