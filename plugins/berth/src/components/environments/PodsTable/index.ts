export { PodsTable } from './PodsTable';
