import { getTranslations } from 'next-intl/server';

import { ActivationButton } from '@/components/activation/activation-button';
import { AuthCard } from '@/components/auth/auth-card';

type Params = Promise<{ token: string }>;

/** Public: reached from the activation email; the token in the link is the credential. */
export default async function ActivatePage({ params }: { params: Params }) {
  const { token } = await params;
  const t = await getTranslations('activation');

  return (
    <AuthCard title={t('title')} subtitle={t('intro')}>
      <ActivationButton token={token} />
    </AuthCard>
  );
}
