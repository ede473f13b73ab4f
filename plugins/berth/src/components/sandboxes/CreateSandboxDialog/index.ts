export { CreateSandboxDialog } from './CreateSandboxDialog';
