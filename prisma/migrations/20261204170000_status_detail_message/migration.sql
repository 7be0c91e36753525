-- AlterTable
ALTER TABLE "component_status" ADD COLUMN "detail_message" JSONB;
