// Runs a command with a throwaway PostgreSQL server (see postgres.mjs), given
// to it as BERTH_TEST_POSTGRES_CONNECTION_STRING, and stops the server after.
// Usage: node scripts/test/with-postgres.mjs <command> [args...]
import { spawn } from 'node:child_process';
import { since } from '../lib/log.mjs';
import { startPostgres } from './postgres.mjs';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error(
    'Usage: node scripts/test/with-postgres.mjs <command> [args...]',
  );
  process.exit(2);
}
const started = Date.now();
const pg = await startPostgres({ maxConnections: 500 });
console.log(
  `PostgreSQL ${pg.version} on 127.0.0.1:${pg.port} (${since(started)})`,
);
let code = 1;
try {
  code = await new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: {
        ...process.env,
        BERTH_TEST_POSTGRES_CONNECTION_STRING: pg.connectionString,
      },
    });
    child.on('error', reject);
    child.on('exit', (exitCode, signal) => resolve(signal ? 1 : exitCode ?? 1));
  });
} finally {
  await pg.stop();
}
process.exit(code);
