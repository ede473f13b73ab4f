export { Note } from './Note';
