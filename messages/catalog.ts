import type { Locale } from '@/i18n/config';

import en from './en.json';
import analyticsEn from './features/analytics.en.json';
import analyticsNl from './features/analytics.nl.json';
import certificatesEn from './features/certificates.en.json';
import certificatesNl from './features/certificates.nl.json';
import statusEn from './features/status.en.json';
import statusNl from './features/status.nl.json';
import supportToolsEn from './features/support-tools.en.json';
import supportToolsNl from './features/support-tools.nl.json';
import nl from './nl.json';

/**
 * Each feature keeps its messages in `features/<feature>.<locale>.json` under its own top-level
 * namespace; they are merged over the shared catalog here.
 */
const featureCatalogs: Record<Locale, object[]> = {
  en: [analyticsEn, certificatesEn, statusEn, supportToolsEn],
  nl: [analyticsNl, certificatesNl, statusNl, supportToolsNl],
};

function merge(base: object, features: object[]): Record<string, unknown> {
  return Object.assign({}, base, ...features) as Record<string, unknown>;
}

export const messageCatalogs: Record<Locale, Record<string, unknown>> = {
  en: merge(en, featureCatalogs.en),
  nl: merge(nl, featureCatalogs.nl),
};
