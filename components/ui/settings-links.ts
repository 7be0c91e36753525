const settingsPath = '/settings/broadworks-calling';

/** The clusters page with the cluster's flyout open. */
export function clusterHref(clusterId: string): string {
  return `${settingsPath}/clusters?cluster=${encodeURIComponent(clusterId)}`;
}

/** The templates page with the template's flyout open. */
export function templateHref(templateId: string): string {
  return `${settingsPath}/templates?template=${encodeURIComponent(templateId)}`;
}
