export { BerthPage } from './BerthPage';
