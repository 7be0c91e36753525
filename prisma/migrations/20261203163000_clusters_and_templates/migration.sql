-- CreateEnum
CREATE TYPE "BroadWorksRelease" AS ENUM ('R22', 'R23', 'R24', 'R25', 'R26');

-- CreateEnum
CREATE TYPE "ConnectivityStatus" AS ENUM ('not_checked', 'success', 'error');

-- CreateEnum
CREATE TYPE "OrgMode" AS ENUM ('enterprise', 'group');

-- CreateEnum
CREATE TYPE "SubscriberPackage" AS ENUM ('softphone', 'basic', 'standard', 'premium');

-- CreateEnum
CREATE TYPE "CallInNumbers" AS ENUM ('cloud', 'partner');

-- CreateEnum
CREATE TYPE "EmailTrust" AS ENUM ('trusted', 'untrusted');

-- CreateEnum
CREATE TYPE "AuthenticationMode" AS ENUM ('broadworks', 'cloud');

-- CreateEnum
CREATE TYPE "CustomerOrgStatus" AS ENUM ('provisioning', 'active', 'error');

-- CreateTable
CREATE TABLE "cluster" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "release" "BroadWorksRelease" NOT NULL,
    "xsi_actions_url" VARCHAR(2048) NOT NULL,
    "xsi_events_url" VARCHAR(2048) NOT NULL,
    "auth_service_url" VARCHAR(2048) NOT NULL,
    "auth_use_cloud_token" BOOLEAN NOT NULL DEFAULT false,
    "cti_url" VARCHAR(2048),
    "cti_port" INTEGER,
    "das_url" VARCHAR(2048),
    "direct_broadworks_auth" BOOLEAN NOT NULL DEFAULT false,
    "call_history_sync" BOOLEAN NOT NULL DEFAULT false,
    "call_history_sync_user_id" VARCHAR(161),
    "dnd_sync" BOOLEAN NOT NULL DEFAULT false,
    "dnd_sync_user_id" VARCHAR(161),
    "assistant_status_sync" BOOLEAN NOT NULL DEFAULT false,
    "assistant_status_sync_user_id" VARCHAR(161),
    "validation_user_id" VARCHAR(161),
    "validation_password_sealed" TEXT,
    "connectivity_status" "ConnectivityStatus" NOT NULL DEFAULT 'not_checked',
    "connectivity_results" JSONB,
    "connectivity_checked_at" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_template" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "country_code" VARCHAR(2) NOT NULL,
    "email_language" VARCHAR(8) NOT NULL,
    "provisioning_id" VARCHAR(40) NOT NULL,
    "flowthrough_enabled" BOOLEAN NOT NULL DEFAULT true,
    "provisioning_account" VARCHAR(80) NOT NULL,
    "provisioning_password_hash" TEXT NOT NULL,
    "credential_version" INTEGER NOT NULL DEFAULT 1,
    "create_orgs_automatically" BOOLEAN NOT NULL DEFAULT true,
    "sp_admin_email" VARCHAR(254),
    "org_mode" "OrgMode" NOT NULL DEFAULT 'enterprise',
    "default_package" "SubscriberPackage" NOT NULL DEFAULT 'standard',
    "disable_free_calling" BOOLEAN NOT NULL DEFAULT false,
    "call_in_numbers" "CallInNumbers" NOT NULL DEFAULT 'cloud',
    "email_trust" "EmailTrust" NOT NULL DEFAULT 'trusted',
    "provision_admin_first" BOOLEAN NOT NULL DEFAULT false,
    "allow_self_activation" BOOLEAN NOT NULL DEFAULT false,
    "authentication_mode" "AuthenticationMode" NOT NULL DEFAULT 'broadworks',
    "prefill_login_email" BOOLEAN NOT NULL DEFAULT false,
    "directory_sync" BOOLEAN NOT NULL DEFAULT false,
    "partner_admin_display_name" VARCHAR(120),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_template_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "customer_org" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "name" VARCHAR(160) NOT NULL,
    "sp_enterprise_id" VARCHAR(161) NOT NULL,
    "status" "CustomerOrgStatus" NOT NULL DEFAULT 'provisioning',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_org_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cluster_partner_id_name_key" ON "cluster"("partner_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "customer_template_provisioning_id_key" ON "customer_template"("provisioning_id");

-- CreateIndex
CREATE INDEX "customer_template_cluster_id_idx" ON "customer_template"("cluster_id");

-- CreateIndex
CREATE UNIQUE INDEX "customer_template_partner_id_name_key" ON "customer_template"("partner_id", "name");

-- CreateIndex
CREATE INDEX "customer_org_partner_id_created_at_idx" ON "customer_org"("partner_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "customer_org_template_id_sp_enterprise_id_key" ON "customer_org"("template_id", "sp_enterprise_id");

-- AddForeignKey
ALTER TABLE "cluster" ADD CONSTRAINT "cluster_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_template" ADD CONSTRAINT "customer_template_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_template" ADD CONSTRAINT "customer_template_cluster_id_fkey" FOREIGN KEY ("cluster_id") REFERENCES "cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_org" ADD CONSTRAINT "customer_org_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "customer_org" ADD CONSTRAINT "customer_org_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "customer_template"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
