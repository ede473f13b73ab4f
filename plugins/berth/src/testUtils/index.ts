/**
 * Test utilities of the Berth frontend, as `@berth/plugin-berth/testUtils`:
 * an in-memory Berth API (`FakeBerthApi`, organised by domain: environments,
 * operations, helm), its fixtures, a signal API for tests and
 * `renderWithBerth`, which renders a component in a test app with them.
 *
 * @packageDocumentation
 */

export * from './fixtures';
export type { FakeHost } from './fakeHost';
export * from './renderWithBerth';
export * from './environments/lifecycleFixtures';
export * from './helm/helmFixtures';
export * from './sandboxes/sandboxFixtures';
