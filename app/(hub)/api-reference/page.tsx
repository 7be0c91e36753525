import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';

import { ApiReference } from '@/components/api-reference/api-reference';
import type { OpenApiDocument } from '@/components/api-reference/openapi';
import { requirePageUser } from '@/lib/auth/page-user';
import { readConfig } from '@/lib/config';
import { buildOpenApiDocument } from '@/lib/openapi/document';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('apiReference');
  return { title: t('title') };
}

export default async function ApiReferencePage() {
  await requirePageUser();
  const document: OpenApiDocument = buildOpenApiDocument(readConfig().baseUrl);

  return <ApiReference document={document} />;
}
