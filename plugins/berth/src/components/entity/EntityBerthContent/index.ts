export { EntityBerthContent } from './EntityBerthContent';
