export { ScaleServiceDialog } from './ScaleServiceDialog';
