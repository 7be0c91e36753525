import { redirect } from 'next/navigation';

import { requirePageUser } from '@/lib/auth/page-user';

export default async function HomePage() {
  await requirePageUser();
  redirect('/customers');
}
