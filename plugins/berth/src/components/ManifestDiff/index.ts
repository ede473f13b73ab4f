export { ManifestDiff, diffLines } from './ManifestDiff';
export type { DiffLine } from './ManifestDiff';
