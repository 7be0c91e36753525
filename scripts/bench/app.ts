import { randomBytes } from 'node:crypto';
import path from 'node:path';

import type { DatabaseTarget } from '@/lib/db/database';

import { freePort, startNode, stopNode, waitForHttp, type NodeProcess } from './processes';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The production build on a free port, on the given database, with fresh secrets. */
export async function startBenchApp(target: DatabaseTarget, dataDir: string) {
  const kind = target.kind;
  const port = await freePort();
  const node: NodeProcess = startNode({
    name: `app (${kind})`,
    cwd: root,
    script: 'server.ts',
    logFile: path.join(dataDir, 'app.log'),
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      APP_BASE_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: target.kind === 'postgres' ? target.url : '',
      DATA_DIR: dataDir,
      PGLITE_DATA_DIR: target.kind === 'pglite' ? target.dir : path.join(dataDir, 'unused'),
      NEXTAUTH_SECRET: randomBytes(36).toString('base64url'),
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      LOG_LEVEL: 'warn',
    },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(node, `${baseUrl}/api/ready`, 120_000);
  } catch (error) {
    await stopNode(node);
    throw error;
  }
  return { node, baseUrl };
}
