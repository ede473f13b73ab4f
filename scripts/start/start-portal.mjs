// `./berth start`: the portal with its embedded defaults (SQLite in memory,
// guest sign-in, the demo catalog). Extra arguments go to `backstage-cli repo
// start`, e.g. `--config app-config.yaml --config app-config.postgres.yaml`.
import { step } from '../lib/log.mjs';
import { run } from '../lib/run.mjs';

const extra = process.argv.slice(2);
const configs = extra.includes('--config')
  ? []
  : ['--config', 'app-config.yaml'];

step(
  'Starting the portal: http://localhost:3000 (backend http://localhost:7007); Ctrl-C stops it',
);
process.exitCode = await run('yarn', ['start', ...configs, ...extra]);
