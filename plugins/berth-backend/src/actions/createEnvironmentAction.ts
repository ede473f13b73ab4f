import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerEnvironments } from '../environments/registerEnvironments';
import { actionCaller, auditedAction } from './actionCaller';
import {
  dnsLabelInput,
  projectInput,
  startedOperationOutput,
  tierInput,
} from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';
import { projectRefOf } from './projectRefOf';
import { startedOperation } from './startedOperation';

/**
 * `create-environment`: a new environment of a project, as
 * `POST /projects/:namespace/:name/environments` creates one
 * (`berth.environment.create` on the planned environment).
 */
export function registerCreateEnvironmentAction(
  registry: ActionsRegistryService,
  deps: Pick<
    BerthActionDeps,
    | 'authorizedEnvironments'
    | 'auditor'
    | 'projects'
    | 'environmentService'
    | 'environmentOperations'
  >,
) {
  registry.register({
    name: 'create-environment',
    title: 'Create a Berth environment',
    description:
      "Creates an environment of a project on a cluster: its namespace (default '<project>-<name>'), every service pinned at its newest revision, and deploys them unless deploy is false. Needs create permission for the planned environment (the policy sees its project and tier). Starts an operation and answers its id and the new environment's id.",
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          project: projectInput(z),
          name: dnsLabelInput(z, "The environment's name, e.g. 'qa'"),
          cluster: z
            .string()
            .min(1)
            .max(253)
            .describe('The cluster, as Berth names it'),
          tier: tierInput(z),
          namespace: dnsLabelInput(
            z,
            "The namespace (default '<project>-<name>')",
          ).optional(),
          deploy: z
            .boolean()
            .default(true)
            .describe('Deploy every service once created (default true)'),
        }),
      output: startedOperationOutput,
    },
    action: async ({ input, credentials }) => {
      const caller = actionCaller(credentials);
      const project = await deps.projects.getProject(
        projectRefOf(input.project),
      );
      const [plan] = await deps.environmentService.plan(project, [
        {
          name: input.name,
          cluster: input.cluster,
          tier: input.tier,
          namespace: input.namespace,
          deploy: input.deploy,
        },
      ]);
      await deps.authorizedEnvironments.assertMayCreate(
        caller.credentials,
        plan,
        project.ownerRef,
      );
      const { created, operations } = await auditedAction(
        deps.auditor,
        caller,
        'environment-create',
        { project: project.ref, environments: plan.name },
        () => registerEnvironments(deps, [plan], caller.actor),
      );
      return { output: startedOperation(created[0].id, operations[0]) };
    },
  });
}
