-- CreateEnum
CREATE TYPE "IncidentImpact" AS ENUM ('degraded', 'outage');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'resolved');

-- CreateEnum
CREATE TYPE "ComponentHealth" AS ENUM ('operational', 'degraded', 'outage');

-- CreateTable
CREATE TABLE "client_identity" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "ca_certificate_pem" TEXT NOT NULL,
    "ca_private_key_sealed" TEXT NOT NULL,
    "client_certificate_pem" TEXT NOT NULL,
    "client_private_key_sealed" TEXT NOT NULL,
    "ca_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "client_expires_at" TIMESTAMPTZ(3) NOT NULL,
    "retired_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "client_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "xsp_certificate" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "interface_name" VARCHAR(40) NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "subject" VARCHAR(1000),
    "issuer" VARCHAR(1000),
    "subject_alt_names" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "valid_from" TIMESTAMPTZ(3),
    "valid_to" TIMESTAMPTZ(3),
    "self_signed" BOOLEAN NOT NULL DEFAULT false,
    "chain_trusted" BOOLEAN NOT NULL DEFAULT false,
    "hostname_matches" BOOLEAN NOT NULL DEFAULT false,
    "fingerprint_sha256" VARCHAR(95),
    "serial_number" VARCHAR(128),
    "error_reason" VARCHAR(500),
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "xsp_certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "title" VARCHAR(160) NOT NULL,
    "message" VARCHAR(4000) NOT NULL,
    "impact" "IncidentImpact" NOT NULL DEFAULT 'degraded',
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "created_by_user_id" UUID,
    "resolved_by_user_id" UUID,
    "resolved_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "status_webhook" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "url" VARCHAR(2048) NOT NULL,
    "secret_sealed" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "last_delivery_at" TIMESTAMPTZ(3),
    "last_delivery_status" VARCHAR(200),
    "created_by_user_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "status_webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "component_status" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "component" VARCHAR(40) NOT NULL,
    "status" "ComponentHealth" NOT NULL,
    "detail" VARCHAR(500),
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "checked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "component_status_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_log" (
    "id" BIGSERIAL NOT NULL,
    "tracking_id" VARCHAR(64) NOT NULL,
    "partner_id" UUID,
    "user_id" UUID,
    "credential" VARCHAR(120),
    "template_id" UUID,
    "method" VARCHAR(10) NOT NULL,
    "route" VARCHAR(300) NOT NULL,
    "status" INTEGER NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "error_code" VARCHAR(80),
    "client_ip" VARCHAR(64),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "request_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "client_identity_partner_id_created_at_idx" ON "client_identity"("partner_id", "created_at");

-- CreateIndex
CREATE INDEX "xsp_certificate_partner_id_valid_to_idx" ON "xsp_certificate"("partner_id", "valid_to");

-- CreateIndex
CREATE UNIQUE INDEX "xsp_certificate_cluster_id_interface_name_key" ON "xsp_certificate"("cluster_id", "interface_name");

-- CreateIndex
CREATE INDEX "incident_partner_id_status_created_at_idx" ON "incident"("partner_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "status_webhook_partner_id_idx" ON "status_webhook"("partner_id");

-- CreateIndex
CREATE UNIQUE INDEX "component_status_partner_id_component_key" ON "component_status"("partner_id", "component");

-- CreateIndex
CREATE INDEX "request_log_tracking_id_idx" ON "request_log"("tracking_id");

-- CreateIndex
CREATE INDEX "request_log_partner_id_created_at_idx" ON "request_log"("partner_id", "created_at");

-- CreateIndex
CREATE INDEX "request_log_created_at_idx" ON "request_log"("created_at");

-- AddForeignKey
ALTER TABLE "client_identity" ADD CONSTRAINT "client_identity_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "xsp_certificate" ADD CONSTRAINT "xsp_certificate_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "xsp_certificate" ADD CONSTRAINT "xsp_certificate_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident" ADD CONSTRAINT "incident_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_webhook" ADD CONSTRAINT "status_webhook_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "component_status" ADD CONSTRAINT "component_status_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_log" ADD CONSTRAINT "request_log_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
