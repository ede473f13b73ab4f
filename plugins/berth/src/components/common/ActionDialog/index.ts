export { ActionDialog } from './ActionDialog';
export type { DialogAction } from './ActionDialog';
