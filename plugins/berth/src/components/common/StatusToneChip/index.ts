export { StatusToneChip } from './StatusToneChip';
export type { StatusTone } from './StatusToneChip';
