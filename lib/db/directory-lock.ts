import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims an embedded database directory for this process. Two processes writing one PGlite
 * directory corrupt it, so a second one (say `npm run db:migrate` while the app runs) is
 * refused with a message instead. A lock left by a dead process is taken over.
 */
export function lockDirectory(dir: string): () => void {
  // Beside the directory, not in it: PGlite treats a non-empty directory as an existing database.
  const lockFile = `${path.resolve(dir)}.owner.pid`;

  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const descriptor = openSync(lockFile, 'wx');
      writeSync(descriptor, String(process.pid));
      closeSync(descriptor);
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;

      const owner = Number(readFileSync(lockFile, 'utf8').trim());
      if (owner === process.pid) return () => rmSync(lockFile, { force: true });
      if (Number.isInteger(owner) && owner > 0 && processAlive(owner)) {
        throw new Error(
          `The embedded database at ${dir} is in use by process ${owner}. ` +
            'Stop the running app first, or set DATABASE_URL to share a PostgreSQL server.',
        );
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new Error(`Could not lock the embedded database at ${dir}.`);
}
