-- CreateEnum
CREATE TYPE "SubscriberStatus" AS ENUM ('pending_email_input', 'pending_email_validation', 'pending_user_migration', 'provisioning', 'provisioned', 'updating', 'error');

-- AlterTable
ALTER TABLE "customer_org" ADD COLUMN     "error_code" VARCHAR(80),
ADD COLUMN     "error_reason" VARCHAR(500);

-- CreateTable
CREATE TABLE "subscriber" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "customer_org_id" UUID,
    "user_id" VARCHAR(161) NOT NULL,
    "sp_enterprise_id" VARCHAR(161) NOT NULL,
    "first_name" VARCHAR(64) NOT NULL,
    "last_name" VARCHAR(64) NOT NULL,
    "email" VARCHAR(254),
    "primary_phone_number" VARCHAR(32),
    "mobile_phone_number" VARCHAR(32),
    "extension" VARCHAR(16),
    "language" VARCHAR(8),
    "timezone" VARCHAR(64),
    "package" "SubscriberPackage" NOT NULL,
    "status" "SubscriberStatus" NOT NULL DEFAULT 'provisioning',
    "errors" JSONB,
    "self_activated" BOOLEAN NOT NULL DEFAULT false,
    "change_sequence" BIGINT NOT NULL DEFAULT 0,
    "last_status_change" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "subscriber_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "subscriber_customer_org_id_idx" ON "subscriber"("customer_org_id");

-- CreateIndex
CREATE INDEX "subscriber_template_id_sp_enterprise_id_idx" ON "subscriber"("template_id", "sp_enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "subscriber_partner_id_user_id_key" ON "subscriber"("partner_id", "user_id");

-- AddForeignKey
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "customer_template"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscriber" ADD CONSTRAINT "subscriber_customer_org_id_fkey" FOREIGN KEY ("customer_org_id") REFERENCES "customer_org"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
