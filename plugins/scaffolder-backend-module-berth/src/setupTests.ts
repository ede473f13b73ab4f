// Every test file gets a temporary directory of its own. The helper serves
// every package, next to the Jest global setup in scripts/.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { isolateTempDir } from '../../../scripts/test/isolateTempDir.cjs';

isolateTempDir();
