export { EnvironmentDraftForm } from './EnvironmentDraftForm';
