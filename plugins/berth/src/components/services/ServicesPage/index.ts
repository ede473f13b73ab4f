export { ServicesPage, ImportChartsButton } from './ServicesPage';
