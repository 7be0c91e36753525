import { configuredTarget, openDatabase } from '@/lib/db/database';
import { migrate } from '@/lib/db/migrate';

const target = configuredTarget();
const database = openDatabase(target);

try {
  const { applied } = await migrate(database.sql, { log: (line) => console.log(line) });
  const where = target.kind === 'postgres' ? 'PostgreSQL' : `embedded database at ${target.dir}`;
  console.log(
    applied.length
      ? `applied ${applied.length} migration(s) to ${where}`
      : `${where} is up to date`,
  );
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
