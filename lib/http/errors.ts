/** The one error body of every API: RFC 9457 in spirit, in the cloud vendor's field names. */
export interface ErrorBody {
  message: string;
  errors: ErrorDetail[];
  trackingId: string;
  [extra: string]: unknown;
}

/** One problem; `field` names the input field it is about, when there is one. */
export interface ErrorDetail {
  description: string;
  field?: string;
}

export type ErrorCode =
  | 'bad_request'
  | 'validation_failed'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'conflict'
  | 'precondition_failed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'too_many_requests'
  | 'internal'
  | 'unavailable';

const statusOf: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
};

/** An error meant for the caller: its message and descriptions are safe to show. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly descriptions: (string | ErrorDetail)[] = [],
    readonly headers: Record<string, string> = {},
    /** Machine-readable facts for the client, such as the templates blocking a deletion. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

export const unauthorized = () =>
  new AppError('unauthorized', 'Authentication is required.', [
    'Sign in, or send valid credentials.',
  ]);

export const forbidden = () =>
  new AppError('forbidden', 'You are not allowed to do this.', [
    'Your role does not permit this action.',
  ]);

export const notFound = (what = 'resource') =>
  new AppError('not_found', `The ${what} was not found.`, [`No ${what} with this id exists.`]);

export function errorBody(error: AppError, trackingId: string): ErrorBody {
  const descriptions = error.descriptions.length ? error.descriptions : [error.message];
  return {
    ...error.extra,
    message: error.message,
    errors: descriptions.map((detail) =>
      typeof detail === 'string' ? { description: detail } : detail,
    ),
    trackingId,
  };
}
