export {
  ImageOverridesField,
  imageOverridesFrom,
  imageOverridesProblem,
  imageOverridesTo,
} from './ImageOverridesField';
export type { ImageOverride } from './ImageOverridesField';
