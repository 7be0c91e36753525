-- Substring search on customer names goes through trigram indexes.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Text as search compares it: lowercase, accents removed. The same function normalises the
-- stored names and the query, so both sides always agree.
CREATE FUNCTION search_text(value text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN lower(
    replace(replace(replace(replace(
      translate(
        regexp_replace(normalize(value, NFD), '[\u0300-\u036f]', '', 'g'),
        'ØøŁłĐđÐðÞþ', 'OoLlDdDdTt'),
      'ß', 'ss'), 'Æ', 'AE'), 'æ', 'ae'), 'Œ', 'OE'));

-- AlterTable
ALTER TABLE "customer_org" ADD COLUMN     "name_search" TEXT NOT NULL DEFAULT '';

-- Every writer of customer_org (provisioning, seeds, bulk loads) gets the search column right
-- without having to know about it.
CREATE FUNCTION customer_org_set_name_search() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  NEW.name_search := search_text(NEW.name);
  RETURN NEW;
END
$$;

CREATE TRIGGER customer_org_name_search
  BEFORE INSERT OR UPDATE ON "customer_org"
  FOR EACH ROW EXECUTE FUNCTION customer_org_set_name_search();

UPDATE "customer_org" SET "name_search" = search_text("name");

-- CreateIndex
CREATE INDEX "customer_org_name_search_idx" ON "customer_org" USING GIN ("name_search" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "customer_org_partner_id_name_search_idx" ON "customer_org"("partner_id", "name_search");

-- CreateIndex
CREATE INDEX "customer_org_partner_id_sp_enterprise_id_idx" ON "customer_org"("partner_id", "sp_enterprise_id");

-- CreateIndex
CREATE INDEX "customer_org_partner_id_status_created_at_idx" ON "customer_org"("partner_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "subscriber_partner_id_email_idx" ON "subscriber"("partner_id", "email");

-- CreateIndex
CREATE INDEX "audit_entry_target_id_created_at_idx" ON "audit_entry"("target_id", "created_at");
