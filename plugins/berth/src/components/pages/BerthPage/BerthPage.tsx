import { Route, Routes } from 'react-router-dom';
import { BerthOverviewPage } from '../BerthOverviewPage';
import { EnvironmentPage } from '../../environments/EnvironmentPage';
import { ImportWizardPage } from '../../helm/ImportWizard';
import { SandboxPage } from '../../sandboxes/SandboxPage';
import { ServicePage } from '../../services/ServicePage';
import { ServicesPage } from '../../services/ServicesPage';
import { workflowRoutes } from '../../workflows/WorkflowRoutes';

/**
 * The Berth page with its own routes, the same in both frontend systems:
 * the overview at its root, an environment at `environments/:id`, and a
 * project's services, Helm import and service pages under `projects/`, a
 * sandbox at `sandboxes/:sandboxId`.
 */
export const BerthPage = () => (
  <Routes>
    <Route path="/" element={<BerthOverviewPage />} />
    <Route path="/environments/:id" element={<EnvironmentPage />} />
    <Route
      path="/projects/:namespace/:name/services"
      element={<ServicesPage />}
    />
    <Route
      path="/projects/:namespace/:name/import"
      element={<ImportWizardPage />}
    />
    <Route
      path="/projects/:namespace/:name/services/:service"
      element={<ServicePage />}
    />
    <Route path="/sandboxes/:sandboxId" element={<SandboxPage />} />
    {workflowRoutes()}
  </Routes>
);
