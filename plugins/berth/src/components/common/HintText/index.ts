export { HintText } from './HintText';
