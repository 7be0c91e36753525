-- CreateTable
CREATE TABLE "subscriber_deletion" (
    "id" BIGSERIAL NOT NULL,
    "partner_id" UUID NOT NULL,
    "user_id" VARCHAR(161) NOT NULL,
    "change_sequence" BIGINT NOT NULL,
    "deleted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "subscriber_deletion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "subscriber_deletion_partner_id_user_id_key" ON "subscriber_deletion"("partner_id", "user_id");

-- AddForeignKey
ALTER TABLE "subscriber_deletion" ADD CONSTRAINT "subscriber_deletion_partner_id_fkey" FOREIGN KEY ("partner_id") REFERENCES "partner"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
