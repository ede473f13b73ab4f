export { ButtonRow } from './ButtonRow';
export type { RowButton } from './ButtonRow';
