import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';

import { messageCatalogs } from '@/messages/catalog';

import { localeCookie, pickLocale } from './config';

export default getRequestConfig(async () => {
  const locale = pickLocale(
    (await cookies()).get(localeCookie)?.value,
    (await headers()).get('accept-language'),
  );

  return {
    locale,
    messages: messageCatalogs[locale],
    timeZone: 'Europe/Amsterdam',
  };
});
