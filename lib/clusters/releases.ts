export const broadWorksReleases = ['R22', 'R23', 'R24', 'R25', 'R26'] as const;
export type BroadWorksRelease = (typeof broadWorksReleases)[number];

export const currentRelease: BroadWorksRelease = 'R26';

/** Supported: the current release and the two before it. */
export function releaseSupported(release: BroadWorksRelease): boolean {
  const current = broadWorksReleases.indexOf(currentRelease);
  return broadWorksReleases.indexOf(release) >= current - 2;
}
