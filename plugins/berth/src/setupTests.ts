import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Component tests run many at once on small CI machines: give findBy/waitFor
// more than the default second before they give up (they return as soon as
// the UI is there, so this costs nothing when it is fast).
configure({ asyncUtilTimeout: 15_000 });
