import en from '@/messages/en.json';
import nl from '@/messages/nl.json';
import type { Locale } from '@/i18n/config';

const validationMessages: Record<Locale, Record<string, string>> = {
  en: en.validation,
  nl: nl.validation,
};

/**
 * Turns a schema message (`validation.key` or `validation.key|argument`) into text. The one
 * argument fills whichever placeholder the message has. Other messages pass unchanged.
 */
export function translateValidationMessage(message: string, locale: Locale): string {
  if (!message.startsWith('validation.')) return message;

  const [key, argument] = message.slice('validation.'.length).split('|');
  const template = validationMessages[locale][key!] ?? validationMessages.en[key!];
  if (!template) return message;

  return argument === undefined ? template : template.replace(/\{\w+\}/, argument);
}
