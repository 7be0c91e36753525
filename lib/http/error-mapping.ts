import { ZodError } from 'zod';

import { localeCookie, pickLocale, type Locale } from '@/i18n/config';
import {
  currentRequestContext,
  isTrackingId,
  newTrackingId,
} from '@/lib/observability/request-context';
import { translateValidationMessage } from '@/lib/validation/translate';

import { AppError, type ErrorDetail } from './errors';

// Nothing here may import Next: the custom server uses it before Next has started.

export function trackingIdOf(request: Request): string {
  const fromServer = request.headers.get('x-tracking-id');
  return isTrackingId(fromServer)
    ? fromServer
    : (currentRequestContext()?.trackingId ?? newTrackingId());
}

function describeZodError(error: ZodError, locale: Locale): ErrorDetail[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.');
    const text = translateValidationMessage(issue.message, locale);
    return field ? { field, description: `${field}: ${text}` } : { description: text };
  });
}

/** The language of an answer: the chosen one from the cookie, else the caller's preference. */
export function localeOfHeaders(headers: { get(name: string): string | null }): Locale {
  const cookie = headers
    .get('cookie')
    ?.split(';')
    .map((part) => part.trim().split('='))
    .find(([name]) => name === localeCookie)?.[1];
  return pickLocale(cookie, headers.get('accept-language'));
}

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  const message = (error as Error)?.message ?? '';
  return (
    code === 'P1001' ||
    code === 'ECONNREFUSED' ||
    code === '57P01' ||
    /ECONNREFUSED|Connection terminated|connect ETIMEDOUT|DatabaseNotReachable/.test(message) ||
    // A pool with no free connection within its wait: busy now, not broken.
    message.includes('timeout exceeded when trying to connect')
  );
}

/** Maps any thrown value to the API's error shape; only the unexpected ones are logged as errors. */
export function toAppError(error: unknown, locale: Locale = 'en'): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) {
    return new AppError(
      'validation_failed',
      'The request is not valid.',
      describeZodError(error, locale),
    );
  }

  const code = (error as { code?: string })?.code;
  if (code === 'P2002')
    return new AppError('conflict', 'This already exists.', ['A unique value is already taken.']);
  if (code === 'P2025') return new AppError('not_found', 'The resource was not found.');
  if (isDatabaseUnavailable(error) || code === 'P2028') {
    return new AppError(
      'unavailable',
      'The service is temporarily unavailable.',
      ['Try again shortly.'],
      {
        'Retry-After': '5',
      },
    );
  }

  return new AppError('internal', 'Something went wrong on our side.', [
    'The error was logged; quote the TrackingID when you contact support.',
  ]);
}
