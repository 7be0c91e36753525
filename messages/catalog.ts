import type { Locale } from '@/i18n/config';

import en from './en.json';
import analyticsEn from './features/analytics.en.json';
import analyticsNl from './features/analytics.nl.json';
import nl from './nl.json';

/**
 * Each feature keeps its messages in `features/<feature>.<locale>.json` under its own top-level
 * namespace; they are merged over the shared catalog here.
 */
const featureCatalogs: Record<Locale, object[]> = {
  en: [analyticsEn],
  nl: [analyticsNl],
};

function merge(base: object, features: object[]): Record<string, unknown> {
  return Object.assign({}, base, ...features) as Record<string, unknown>;
}

export const messageCatalogs: Record<Locale, Record<string, unknown>> = {
  en: merge(en, featureCatalogs.en),
  nl: merge(nl, featureCatalogs.nl),
};
