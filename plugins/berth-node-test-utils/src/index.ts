/**
 * Test utilities for modules that extend Berth.
 *
 * @packageDocumentation
 */

export { createMockJobContext } from './createMockJobContext';
export { createMockChartSourceContext } from './createMockChartSourceContext';
