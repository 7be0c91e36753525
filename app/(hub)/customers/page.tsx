import { PlaceholderPage } from '@/components/placeholder-page';
import { requirePageUser } from '@/lib/auth/page-user';

export default async function CustomersPage() {
  await requirePageUser();
  return <PlaceholderPage section="customers" />;
}
