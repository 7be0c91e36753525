import type { JobHandler } from '@/lib/jobs/worker';

import { mailSender, mailTransport } from './transport';

export const deliverOutboxJobKind = 'outbox.deliver';

/**
 * Sends one outbox message. Without a configured transport the message is held, visible in
 * the outbox with the reason, rather than retried forever.
 */
export const deliverOutboxMessage: JobHandler = async (job, tx) => {
  const { messageId } = job.payload as { messageId: string };
  const message = await tx.outboxMessage.findUnique({ where: { id: messageId } });
  if (!message || message.status === 'sent') return;

  const transport = mailTransport();
  if (!transport) {
    await tx.outboxMessage.update({
      where: { id: messageId },
      data: { status: 'held', statusReason: 'No mail transport is configured (SMTP_URL).' },
    });
    return;
  }

  // A send that throws rolls the transaction back and the job retries with backoff.
  await transport.sendMail({
    from: mailSender(),
    to: message.recipient,
    subject: message.subject,
    text: message.body,
  });
  await tx.outboxMessage.update({
    where: { id: messageId },
    data: { status: 'sent', statusReason: null, sentAt: new Date() },
  });
};
