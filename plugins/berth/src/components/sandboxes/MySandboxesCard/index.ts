export { MySandboxesCard } from './MySandboxesCard';
