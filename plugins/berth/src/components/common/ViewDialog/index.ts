export { ViewDialog } from './ViewDialog';
