-- DropIndex
DROP INDEX "subscriber_partner_id_email_domain_idx";

-- CreateIndex
CREATE INDEX "subscriber_partner_id_email_domain_created_at_id_idx" ON "subscriber"("partner_id", "email_domain", "created_at", "id");
