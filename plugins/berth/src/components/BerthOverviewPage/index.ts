export { BerthOverviewPage } from './BerthOverviewPage';
