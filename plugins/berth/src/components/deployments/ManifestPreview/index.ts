export {
  ManifestPreview,
  PreviewResult,
  previewSummary,
} from './ManifestPreview';
