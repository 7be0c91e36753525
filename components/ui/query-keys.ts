/**
 * Query keys of the hub's resources. Lists are filtered and sorted in the browser, so one list
 * key per resource is enough; a mutation invalidates only the keys it touches.
 */
export const clusterKeys = {
  all: ['clusters'] as const,
  lists: () => [...clusterKeys.all, 'list'] as const,
  details: () => [...clusterKeys.all, 'detail'] as const,
  detail: (id: string) => [...clusterKeys.details(), id] as const,
};

export const templateKeys = {
  all: ['templates'] as const,
  lists: () => [...templateKeys.all, 'list'] as const,
  details: () => [...templateKeys.all, 'detail'] as const,
  detail: (id: string) => [...templateKeys.details(), id] as const,
};

export const tokenKeys = {
  all: ['tokens'] as const,
  lists: () => [...tokenKeys.all, 'list'] as const,
};

/** The outbox is paged and filtered on the server, so each page of each filter has its key. */
export const outboxKeys = {
  all: ['outbox'] as const,
  lists: () => [...outboxKeys.all, 'list'] as const,
  list: (filters: { status?: string; page: number }) => [...outboxKeys.lists(), filters] as const,
};

/** The status page reads components and incidents together; webhooks are a list of their own. */
export const statusKeys = {
  all: ['status'] as const,
  summary: () => [...statusKeys.all, 'summary'] as const,
  webhooks: () => [...statusKeys.all, 'webhooks'] as const,
};

export const certificateKeys = {
  all: ['certificates'] as const,
  identities: () => [...certificateKeys.all, 'identities'] as const,
  xsp: () => [...certificateKeys.all, 'xsp'] as const,
};
