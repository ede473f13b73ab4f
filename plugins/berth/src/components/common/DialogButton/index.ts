export { DialogButton } from './DialogButton';
