import type { ClusterView } from '@/lib/clusters/cluster-store';
import type { ConnectivityResults } from '@/lib/clusters/connectivity';
import type { Wire } from '@/components/ui/wire';

export type Cluster = Omit<Wire<ClusterView>, 'connectivityResults'> & {
  connectivityResults: ConnectivityResults | null;
};

export interface LinkedTemplate {
  id: string;
  name: string;
}
