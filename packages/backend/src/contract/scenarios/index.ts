import { ContractScenario } from '../contract';
import { environmentScenarios } from './environments';
import { helmScenarios } from './helm';
import { lifecycleScenarios } from './lifecycle';
import { operationScenarios } from './operations';
import { projectScenarios } from './projects';

/** Every contract scenario, in the order they run (against both targets). */
export const scenarios: ContractScenario[] = [
  ...projectScenarios,
  ...environmentScenarios,
  ...lifecycleScenarios,
  ...operationScenarios,
  ...helmScenarios,
];
