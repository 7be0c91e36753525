import { PlaceholderPage } from '@/components/placeholder-page';
import { requirePageUser } from '@/lib/auth/page-user';

export default async function ClustersPage() {
  await requirePageUser();
  return <PlaceholderPage section="clusters" />;
}
