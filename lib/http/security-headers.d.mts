export interface HeaderEntry {
  key: string;
  value: string;
}

export function securityHeaders(baseUrl?: string): HeaderEntry[];
export const machineApiHeaders: HeaderEntry[];
