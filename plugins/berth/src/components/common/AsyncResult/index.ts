export type { AsyncResult } from './AsyncResult';
export { loadingFirst } from './AsyncResult';
