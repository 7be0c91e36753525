/** One problem the API reported; `field` names the input it is about, when there is one. */
export interface ApiErrorDetail {
  description: string;
  field?: string;
}

/** The API's error shape, with whatever machine-readable facts the failure adds. */
export interface ApiErrorBody {
  message: string;
  errors: ApiErrorDetail[];
  trackingId?: string;
  reason?: string;
  [extra: string]: unknown;
}

/** A failed API call: the status, the body as the API sent it and the request's TrackingID. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
    readonly trackingId: string | null,
  ) {
    super(body?.message ?? (status === 0 ? 'The server could not be reached.' : `HTTP ${status}`));
    this.name = 'ApiError';
  }

  get reason(): string | undefined {
    return typeof this.body?.reason === 'string' ? this.body.reason : undefined;
  }

  /** Field errors with the `field: ` prefix the API puts before each description removed. */
  get fieldErrors(): { field: string; message: string }[] {
    return (this.body?.errors ?? []).flatMap((detail) =>
      detail.field
        ? [{ field: detail.field, message: withoutFieldPrefix(detail.description, detail.field) }]
        : [],
    );
  }

  get generalErrors(): string[] {
    return (this.body?.errors ?? []).filter((detail) => !detail.field).map((d) => d.description);
  }
}

function withoutFieldPrefix(description: string, field: string): string {
  const prefix = `${field}: `;
  return description.startsWith(prefix) ? description.slice(prefix.length) : description;
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

function asErrorBody(value: unknown): ApiErrorBody | null {
  if (!value || typeof value !== 'object') return null;

  const body = value as Partial<ApiErrorBody>;
  if (typeof body.message !== 'string') return null;

  return { ...body, message: body.message, errors: Array.isArray(body.errors) ? body.errors : [] };
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/** Calls the hub's own JSON API with the session cookie; any non-2xx answer throws ApiError. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, null, null);
  }

  const trackingId = response.headers.get('TrackingID');
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }

  if (!response.ok) {
    const errorBody = asErrorBody(parsed);
    throw new ApiError(response.status, errorBody, errorBody?.trackingId ?? trackingId);
  }

  return parsed as T;
}
