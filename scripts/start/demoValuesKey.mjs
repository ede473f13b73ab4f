// The key that opened secret values sealed by older versions
// (berth.values.encryptionKey) for `./berth start`: made once, kept in the
// state directory (mode 0600) so a portal on a persistent database still
// opens what it stored there (moved into Kubernetes Secrets once), written
// into a config file placed first, so a user's own key wins.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stateRoot } from '../local-clusters/cluster.mjs';

export function demoValuesKeyConfig() {
  const keyFile = join(stateRoot(), 'demo-values-encryption-key');
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  const configFile = join(stateRoot(), 'app-config.demo-values-key.yaml');
  // JSON is valid YAML.
  writeFileSync(
    configFile,
    JSON.stringify({
      berth: {
        values: { encryptionKey: readFileSync(keyFile, 'utf8').trim() },
      },
    }),
    { mode: 0o600 },
  );
  return { configFile, keyFile };
}
