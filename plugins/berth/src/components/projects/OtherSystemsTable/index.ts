export { OtherSystemsTable } from './OtherSystemsTable';
