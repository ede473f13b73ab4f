export { DeployServiceDialog } from './DeployServiceDialog';
