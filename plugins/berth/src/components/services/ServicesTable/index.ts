export { ServicesTable } from './ServicesTable';
export type { ServiceRow } from './ServicesTable';
