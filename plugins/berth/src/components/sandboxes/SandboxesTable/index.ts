export { SandboxesTable } from './SandboxesTable';
