import type { PrismaClient } from '@/lib/generated/prisma/client';
import { enqueueJob } from '@/lib/jobs/queue';
import type { PeriodicJob } from '@/lib/jobs/schedule';
import type { JobHandler } from '@/lib/jobs/worker';

import { mailSender, mailTransport } from './transport';

export const deliverOutboxJobKind = 'outbox.deliver';
export const sendHeldOutboxJobKind = 'outbox.send_held';

type Delivery = 'gone' | 'held' | 'sent';

const heldReason = 'No mail transport is configured (SMTP_URL).';
const heldPerRun = 500;

/**
 * Sends the message before the job's transaction, so that a slow mail server never holds a
 * database connection. A send that throws leaves the job to retry with backoff; a crash after
 * the send may send it twice, which beats never sending it.
 */
async function send(job: { payload: unknown }, prisma: PrismaClient): Promise<Delivery> {
  const { messageId } = job.payload as { messageId: string };
  const message = await prisma.outboxMessage.findUnique({ where: { id: messageId } });
  if (!message || message.status === 'sent') return 'gone';

  const transport = mailTransport();
  if (!transport) return 'held';

  await transport.sendMail({
    from: mailSender(),
    to: message.recipient,
    subject: message.subject,
    text: message.body,
  });
  return 'sent';
}

/**
 * Sends one outbox message. Without a configured transport the message is held, visible in
 * the outbox with the reason, rather than retried for ever; it goes out once one is configured.
 */
export const deliverOutboxMessage: JobHandler = Object.assign(
  async (job: Parameters<JobHandler>[0], tx: Parameters<JobHandler>[1], prepared?: unknown) => {
    const { messageId } = job.payload as { messageId: string };
    const delivery = prepared as Delivery;
    if (delivery === 'gone') return;

    await tx.outboxMessage.updateMany({
      where: { id: messageId, status: { not: 'sent' } },
      data:
        delivery === 'sent'
          ? { status: 'sent', statusReason: null, sentAt: new Date() }
          : { status: 'held', statusReason: heldReason },
    });
  },
  { prepare: send },
);

/** Once a mail transport is configured, queues the messages held for lack of one. */
const sendHeldMessages: JobHandler = async (job, tx) => {
  if (!mailTransport()) return;

  const held = await tx.outboxMessage.findMany({
    where: { status: 'held' },
    orderBy: { createdAt: 'asc' },
    take: heldPerRun,
    select: { id: true, partnerId: true },
  });
  for (const message of held) {
    await tx.outboxMessage.update({
      where: { id: message.id },
      data: { status: 'pending', statusReason: null },
    });
    await enqueueJob(tx, {
      kind: deliverOutboxJobKind,
      partnerId: message.partnerId,
      payload: { messageId: message.id },
      dedupeKey: `outbox:${message.id}:after:${job.id}`,
    });
  }
};

export const outboxHandlers: Record<string, JobHandler> = {
  [deliverOutboxJobKind]: deliverOutboxMessage,
  [sendHeldOutboxJobKind]: sendHeldMessages,
};

export const outboxPeriodicJobs: PeriodicJob[] = [
  { kind: sendHeldOutboxJobKind, everyMs: 5 * 60_000 },
];
