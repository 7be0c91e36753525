-- The analytics page counts subscribers, customers and provisioning requests of one partner,
-- optionally of one template; these indexes let each count read an index alone.

-- CreateIndex
CREATE INDEX "subscriber_analytics_idx" ON "subscriber"("partner_id", "template_id", "customer_org_id", "package", "status");

-- CreateIndex
CREATE INDEX "customer_org_partner_id_template_id_created_at_idx" ON "customer_org"("partner_id", "template_id", "created_at");

-- CreateIndex
CREATE INDEX "request_log_analytics_idx" ON "request_log"("partner_id", "created_at", "template_id", "status", "error_code", "route");
