import Link from 'next/link';
import { headers } from 'next/headers';
import { getTranslations } from 'next-intl/server';

import { AuthCard } from '@/components/auth/auth-card';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { currentUser } from '@/lib/auth/current-user';

export default async function SignOutPage() {
  const t = await getTranslations('signOut');
  const user = await currentUser((await headers()).get('cookie'));

  if (!user) {
    return (
      <AuthCard title={t('done')}>
        <Link href="/signin" className="text-sm font-medium text-brand-600 hover:underline">
          {t('signInAgain')}
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('title')} subtitle={t('question')}>
      <div className="flex items-center gap-3">
        <SignOutButton />
        <Link href="/customers" className="rounded-md px-4 py-2 text-sm hover:bg-canvas">
          {t('cancel')}
        </Link>
      </div>
    </AuthCard>
  );
}
