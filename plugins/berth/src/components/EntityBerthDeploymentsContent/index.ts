export { EntityBerthDeploymentsContent } from './EntityBerthDeploymentsContent';
