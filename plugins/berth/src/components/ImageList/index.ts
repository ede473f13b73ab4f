export { ImageList } from './ImageList';
