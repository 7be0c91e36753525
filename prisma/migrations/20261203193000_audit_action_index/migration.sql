-- The audit log's action filter lists one action of one partner, newest first.
CREATE INDEX "audit_entry_partner_id_action_created_at_idx" ON "audit_entry"("partner_id", "action", "created_at");
