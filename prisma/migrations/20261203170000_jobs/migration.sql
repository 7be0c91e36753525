-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "job" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" UUID,
    "kind" VARCHAR(60) NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupe_key" VARCHAR(200),
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 8,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_until" TIMESTAMPTZ(3),
    "locked_by" VARCHAR(80),
    "last_error_code" VARCHAR(80),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "job_dedupe_key_key" ON "job"("dedupe_key");

-- CreateIndex
CREATE INDEX "job_status_run_at_idx" ON "job"("status", "run_at");

-- CreateIndex
CREATE INDEX "job_status_lease_until_idx" ON "job"("status", "lease_until");

-- CreateIndex
CREATE INDEX "job_partner_id_created_at_idx" ON "job"("partner_id", "created_at");
