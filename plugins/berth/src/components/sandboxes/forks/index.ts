export { ForksPicker } from './ForksPicker';
export {
  emptyFork,
  forkDraftOf,
  forksErrors,
  noForksProblem,
  toSandboxFork,
} from './forkDraft';
export type { ForkDraft, ForkErrors } from './forkDraft';
