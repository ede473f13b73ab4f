export { DriftDialog, DriftIndicator } from './DriftIndicator';
