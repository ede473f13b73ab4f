export { TableHeader } from './TableHeader';
