export { parseDefinition } from './parseDefinition';
export { validateDefinition } from './validateDefinition';
export { computeTargets, DEPLOYING_JOB_TYPES } from './computeTargets';
export type { ResolveEnvironment, ResolvedEnvironment } from './computeTargets';
export { resolveRunParams } from './resolveRunParams';
export { workflowDefinitionSchema } from './definitionSchema';
export {
  resolveExpressions,
  parseExpression,
  expressionsIn,
} from './expressions';
export type { ExpressionScope, ExpressionRef } from './expressions';
