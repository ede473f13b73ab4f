export { ImportWizard, ImportWizardPage } from './ImportWizard';
