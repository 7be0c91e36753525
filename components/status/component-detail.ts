'use client';

import { useFormatter, useTranslations } from 'next-intl';

import type { ComponentStatus } from './status-types';

/**
 * A component's detail in the reader's language. A reading recorded before messages were kept
 * has only its English text, which is shown as it is.
 */
export function useComponentDetail(): (component: ComponentStatus) => string {
  const t = useTranslations('serviceStatus.details');
  const format = useFormatter();

  return (component) => {
    const { message } = component;
    if (!message) return component.detail;

    if (message.key === 'certificateFindings') {
      const findings = message.findings.map(
        (finding) =>
          `${finding.cluster} ${finding.interfaceName}: ` +
          finding.problems.map((problem) => t(`problems.${problem}`)).join(', '),
      );
      if (message.values.more > 0) findings.push(t('andMore', message.values));
      return `${findings.join('; ')}.`;
    }
    if (message.key === 'provisioning') {
      const { failed, requests } = message.values;
      const rate = requests === 0 ? 0 : failed / requests;
      const percent = format.number(rate, {
        style: 'percent',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      });
      return t(message.key, { ...message.values, percent });
    }
    return 'values' in message ? t(message.key, message.values) : t(message.key);
  };
}
