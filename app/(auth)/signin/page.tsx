import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';

import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { currentUser } from '@/lib/auth/current-user';
import { safeCallbackPath } from '@/lib/auth/sign-in-schema';

type SearchParams = Promise<{ callbackUrl?: string; error?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const { callbackUrl, error } = await searchParams;
  const callbackPath = safeCallbackPath(callbackUrl);

  if (await currentUser((await headers()).get('cookie'))) redirect(callbackPath);

  const t = await getTranslations('signIn');
  const initialError = error === 'locked' ? 'locked' : error ? 'invalid' : undefined;

  return (
    <AuthCard title={t('title')} subtitle={t('subtitle')}>
      <SignInForm callbackUrl={callbackPath} initialError={initialError} />
    </AuthCard>
  );
}
