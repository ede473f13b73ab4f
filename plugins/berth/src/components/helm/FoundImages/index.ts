export { FoundImages } from './FoundImages';
export { describeImagePath, foundImages } from './foundImages';
export type { FoundImage } from './foundImages';
