import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { projectRoot } from './test-server';

const appDir = path.join(projectRoot, 'app');

/** Stands in for every dynamic segment; a UUID, so that id checks do not answer first. */
export const dummySegment = '00000000-0000-4000-8000-000000000000';

export const httpMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof httpMethods)[number];

function filesNamed(dir: string, names: string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(full, names);
    return names.includes(entry.name) ? [full] : [];
  });
}

/**
 * The URL of an app-router file: route groups `(x)` and parallel slots `@x` add nothing,
 * dynamic segments `[x]`, `[...x]` and `[[...x]]` get a dummy value.
 */
export function urlPathOf(file: string): string {
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((segment) => segment !== '' && !/^\(.*\)$/.test(segment) && !segment.startsWith('@'))
    .map((segment) => (/^\[.*\]$/.test(segment) ? dummySegment : segment));

  return `/${segments.join('/')}`;
}

export interface PageRoute {
  file: string;
  path: string;
}

export function pageRoutes(): PageRoute[] {
  return filesNamed(appDir, ['page.tsx', 'page.ts', 'page.jsx', 'page.js'])
    .filter(
      (file) =>
        !path
          .relative(appDir, file)
          .split(path.sep)
          .some((s) => s.startsWith('_')),
    )
    .map((file) => ({ file: path.relative(projectRoot, file), path: urlPathOf(file) }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The HTTP methods a route module exports, read from its source. */
export function exportedMethods(source: string): HttpMethod[] {
  const found = new Set<string>();
  const method = httpMethods.join('|');

  // export function GET / export async function GET / export const GET =
  const direct = new RegExp(
    `export\\s+(?:async\\s+)?(?:function|const|let|var)\\s+(${method})\\b`,
    'g',
  );
  for (const match of source.matchAll(direct)) found.add(match[1]!);

  // export { handler as GET, POST }
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .at(-1)
        ?.trim();
      if (name) found.add(name);
    }
  }

  // export const { PUT, DELETE: remove } = ...  (the binding, after any colon, is exported)
  for (const match of source.matchAll(/export\s+(?:const|let|var)\s*\{([^}]*)\}\s*=/g)) {
    for (const part of match[1]!.split(',')) {
      const name = part.split(':').at(-1)?.split('=')[0]?.trim();
      if (name) found.add(name);
    }
  }

  return httpMethods.filter((candidate) => found.has(candidate));
}

export interface ApiRoute {
  file: string;
  path: string;
  methods: HttpMethod[];
}

export function apiRoutes(): ApiRoute[] {
  return filesNamed(appDir, ['route.ts', 'route.js'])
    .map((file) => ({
      file: path.relative(projectRoot, file),
      path: urlPathOf(file),
      methods: exportedMethods(readFileSync(file, 'utf8')),
    }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
