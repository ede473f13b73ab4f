export { EntityWorkflowRunsContent } from './EntityWorkflowRunsContent';
export { runsTouching } from './runsTouching';
