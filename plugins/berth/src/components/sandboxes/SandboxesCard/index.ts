export { SandboxesCard } from './SandboxesCard';
