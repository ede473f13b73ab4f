export { EnvironmentsTable } from './EnvironmentsTable';
