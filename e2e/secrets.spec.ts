import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { APIRequestContext } from '@playwright/test';

import { apiSignIn, type SeededUser } from './support/api';
import { expect, test } from './support/fixtures';
import { apiRoutes, dummySegment, pageRoutes } from './support/routes';
import { projectRoot, testServer } from './support/test-server';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every page and GET endpoint a signed-in user can reach, with real ids for dynamic parts. */
function crawlTargets(userId: string): string[] {
  const withId = (route: string) => route.replaceAll(dummySegment, userId);
  const pages = pageRoutes().map((page) => withId(page.path));
  const endpoints = apiRoutes()
    .filter((route) => route.methods.includes('GET') && !route.path.startsWith('/api/auth/'))
    .map((route) => withId(route.path));

  return [...pages, ...endpoints, '/api/auth/session', '/e2e-no-such-page'];
}

async function crawl(api: APIRequestContext, targets: string[]): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  for (const target of targets) {
    const response = await api.get(target);
    expect(response.status(), target).toBeLessThan(500);
    bodies.set(`${target} (${response.url()})`, await response.text());
  }

  return bodies;
}

test('no password, hash or server secret reaches a page or API answer', async ({ seedUser }) => {
  const admin = await seedUser({ role: 'full_admin', label: 'crawl-admin' });
  const readOnly = await seedUser({ role: 'read_only', label: 'crawl-support' });
  const secrets = [
    admin.password,
    readOnly.password,
    testServer.admin.password,
    testServer.authSecret,
    '$argon2id$',
    'passwordHash',
  ];

  const crawled: [SeededUser, Map<string, string>][] = [];
  for (const user of [admin, readOnly]) {
    const api = await apiSignIn(user);
    crawled.push([user, await crawl(api, crawlTargets(admin.id))]);
    await api.dispose();
  }

  for (const [user, bodies] of crawled) {
    expect(bodies.size).toBeGreaterThan(5);
    const userList = [...bodies].find(([target]) => target.startsWith('/api/users '));
    expect(userList?.[1], `${user.role} sees the user list`).toContain(readOnly.email);

    for (const [target, body] of bodies) {
      for (const secret of secrets) {
        expect(body.includes(secret), `${user.role}: ${target} contains ${secret}`).toBe(false);
      }
    }
  }
});

test('the built browser assets hold no server secret', () => {
  const staticDir = path.join(projectRoot, '.next', 'static');
  const files = filesUnder(staticDir);
  expect(files.length, 'files in .next/static').toBeGreaterThan(0);

  const secrets = [testServer.admin.password, testServer.authSecret];
  for (const file of files) {
    const content = readFileSync(file);
    for (const secret of secrets) {
      expect(content.includes(secret), `${path.relative(projectRoot, file)}`).toBe(false);
    }
  }
});
