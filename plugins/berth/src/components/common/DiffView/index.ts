export { DiffView } from './DiffView';
export type { DiffViewLine } from './DiffView';
