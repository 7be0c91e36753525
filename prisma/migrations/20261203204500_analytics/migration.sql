-- The analytics page counts subscribers, customers and provisioning requests of one partner,
-- optionally of one template; these indexes let each count read an index alone.

-- CreateIndex
CREATE INDEX "subscriber_analytics_idx" ON "subscriber"("partner_id", "template_id", "customer_org_id", "package", "status");

-- CreateIndex
CREATE INDEX "customer_org_partner_id_template_id_created_at_idx" ON "customer_org"("partner_id", "template_id", "created_at");

-- CreateIndex
CREATE INDEX "request_log_analytics_idx" ON "request_log"("partner_id", "created_at", "template_id", "status", "error_code", "route");

-- CreateTable
CREATE TABLE "request_log_daily" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "template_id" UUID,
    "error_code" VARCHAR(80),
    "requests" INTEGER NOT NULL,

    CONSTRAINT "request_log_daily_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_log_rollup" (
    "id" INTEGER NOT NULL,
    "rolled_until" DATE NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "request_log_rollup_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "request_log_daily_partner_id_day_template_id_idx" ON "request_log_daily"("partner_id", "day", "template_id");

-- AddForeignKey
ALTER TABLE "request_log_daily" ADD CONSTRAINT "request_log_daily_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
