export { ChartInfoCard, ChartDependencies, originText } from './ChartInfoCard';
