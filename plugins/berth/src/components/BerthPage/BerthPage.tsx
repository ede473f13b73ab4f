import { Route, Routes } from 'react-router-dom';
import { BerthOverviewPage } from '../BerthOverviewPage';
import { EnvironmentPage } from '../EnvironmentPage';

/**
 * The Berth page with its own routes, the same in both frontend systems:
 * the overview at its root and an environment at `environments/:id`.
 */
export const BerthPage = () => (
  <Routes>
    <Route path="/" element={<BerthOverviewPage />} />
    <Route path="/environments/:id" element={<EnvironmentPage />} />
  </Routes>
);
