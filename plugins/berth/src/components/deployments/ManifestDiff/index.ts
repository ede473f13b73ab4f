export { ManifestDiff, diffLines, patchLines } from './ManifestDiff';
export type { DiffLine } from './ManifestDiff';
