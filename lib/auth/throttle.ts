import { readConfig } from '@/lib/config';
import type { PrismaClient } from '@/lib/generated/prisma/client';

export const accountKey = (email: string) => `account:${email.trim().toLowerCase()}`;
export const addressKey = (clientIp: string) => `address:${clientIp}`;

/**
 * Sign-in throttling: once an account or a client address has collected the allowed number
 * of failures within the window, every attempt for it is refused, the right password too,
 * until the oldest of those failures leaves the window.
 */
export async function lockedUntil(prisma: PrismaClient, keys: string[]): Promise<Date | null> {
  const config = readConfig();
  const { signInWindowSeconds } = config;
  const windowStart = new Date(Date.now() - signInWindowSeconds * 1000);

  let latest: Date | null = null;
  for (const key of keys) {
    // An office behind one address has many people mistyping: its limit is higher.
    const limit = key.startsWith('address:')
      ? config.signInMaxFailuresPerAddress
      : config.signInMaxFailures;
    const failures = await prisma.signInFailure.findMany({
      where: { key, createdAt: { gt: windowStart } },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: { createdAt: true },
    });
    if (failures.length < limit) continue;

    const oldestCounted = failures[failures.length - 1]!.createdAt;
    const until = new Date(oldestCounted.getTime() + signInWindowSeconds * 1000);
    if (!latest || until > latest) latest = until;
  }
  return latest;
}

export async function recordFailure(prisma: PrismaClient, keys: string[]): Promise<void> {
  await prisma.signInFailure.createMany({ data: keys.map((key) => ({ key })) });
}

export async function clearAccountFailures(prisma: PrismaClient, email: string): Promise<void> {
  await prisma.signInFailure.deleteMany({ where: { key: accountKey(email) } });
}

/** Old failures only matter inside the window; this keeps the table small. */
export async function pruneFailures(prisma: PrismaClient): Promise<void> {
  const { signInWindowSeconds } = readConfig();
  const cutoff = new Date(Date.now() - signInWindowSeconds * 1000);
  await prisma.signInFailure.deleteMany({ where: { createdAt: { lt: cutoff } } });
}
