import type { UserRole } from '@/lib/generated/prisma/enums';

/** What each role may do. Support staff (read_only) read everything and change nothing. */
const grants = {
  full_admin: ['read', 'write'],
  read_only: ['read'],
} as const satisfies Record<UserRole, readonly string[]>;

export type Permission = 'read' | 'write';

export function can(role: UserRole, permission: Permission): boolean {
  return (grants[role] as readonly string[]).includes(permission);
}
