import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';

import { isApiError } from './api-client';

/**
 * Puts the API's field errors under the form's fields. Returns the fields it marked, so the
 * caller can go to the step that holds them; errors about other fields stay with the notice.
 */
export function applyFieldErrors<Values extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<Values>,
  knownFields: readonly string[],
): string[] {
  if (!isApiError(error)) return [];

  const marked: string[] = [];
  for (const { field, message } of error.fieldErrors) {
    const name = field.split('.')[0]!;
    if (!knownFields.includes(name)) continue;
    setError(
      name as Path<Values>,
      { type: 'server', message },
      { shouldFocus: marked.length === 0 },
    );
    marked.push(name);
  }

  return marked;
}
