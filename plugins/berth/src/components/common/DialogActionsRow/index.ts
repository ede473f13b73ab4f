export { ActionError, DialogActionsRow } from './DialogActionsRow';
