export { ProjectsList } from './ProjectsList';
