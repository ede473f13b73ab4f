export { CardColumn } from './CardColumn';
