import '@testing-library/jest-dom';
// Every test file gets a temporary directory of its own. The helper serves
// every package, next to the Jest global setup in scripts/.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import { isolateTempDir } from '../../../scripts/test/isolateTempDir.cjs';
import { configure } from '@testing-library/react';

// Component tests run many at once on small CI machines: give findBy/waitFor
// more than the default second before they give up (they return as soon as
// the UI is there, so this costs nothing when it is fast).
configure({ asyncUtilTimeout: 15_000 });

isolateTempDir();
