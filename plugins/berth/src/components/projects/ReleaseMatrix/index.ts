export { ReleaseMatrix } from './ReleaseMatrix';
