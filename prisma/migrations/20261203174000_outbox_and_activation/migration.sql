-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'held', 'sent', 'failed');

-- AlterTable
ALTER TABLE "subscriber" ADD COLUMN     "activation_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "activation_token_hash" VARCHAR(64),
ADD COLUMN     "email_domain" VARCHAR(253);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "subscriber_id" UUID,
    "kind" VARCHAR(40) NOT NULL,
    "recipient" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "status_reason" VARCHAR(500),
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscriber_activation_token_hash_key" ON "subscriber"("activation_token_hash");

-- CreateIndex
CREATE INDEX "subscriber_partner_id_email_domain_idx" ON "subscriber"("partner_id", "email_domain");

-- CreateIndex
CREATE INDEX "outbox_message_partner_id_created_at_idx" ON "outbox_message"("partner_id", "created_at");

-- AddForeignKey
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
