export { RunButtons } from './RunButtons';
