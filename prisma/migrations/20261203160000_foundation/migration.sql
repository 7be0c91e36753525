-- CreateEnum
CREATE TYPE "UserRole" AS ENUM ('full_admin', 'read_only');

-- CreateTable
CREATE TABLE "partner" (
    "id" UUID NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "partner_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "partner_user" (
    "id" UUID NOT NULL,
    "partner_id" UUID NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "UserRole" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "locale" VARCHAR(8) NOT NULL DEFAULT 'en',
    "last_sign_in_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "partner_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_failure" (
    "id" BIGSERIAL NOT NULL,
    "key" VARCHAR(300) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" UUID,
    "actor_user_id" UUID,
    "actor_label" VARCHAR(254) NOT NULL,
    "action" VARCHAR(80) NOT NULL,
    "target_type" VARCHAR(40),
    "target_id" VARCHAR(80),
    "outcome" VARCHAR(16) NOT NULL,
    "tracking_id" VARCHAR(64) NOT NULL,
    "client_ip" VARCHAR(64),
    "details" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "partner_user_email_key" ON "partner_user"("email");

-- CreateIndex
CREATE INDEX "partner_user_partner_id_idx" ON "partner_user"("partner_id");

-- CreateIndex
CREATE INDEX "sign_in_failure_key_created_at_idx" ON "sign_in_failure"("key", "created_at");

-- CreateIndex
CREATE INDEX "audit_entry_partner_id_created_at_idx" ON "audit_entry"("partner_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_entry_tracking_id_idx" ON "audit_entry"("tracking_id");

-- AddForeignKey
ALTER TABLE "partner_user" ADD CONSTRAINT "partner_user_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_entry" ADD CONSTRAINT "audit_entry_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
