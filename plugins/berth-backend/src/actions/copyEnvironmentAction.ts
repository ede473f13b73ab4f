import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { berthEnvironmentCopyPermission } from '@berth/plugin-berth-common';
import { registerCopy } from '../copies/registerCopy';
import { environmentActions } from '../permissions/environmentActions';
import { actionCaller, auditedAction } from './actionCaller';
import {
  dnsLabelInput,
  environmentIdInput,
  startedOperationOutput,
  tierInput,
} from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';
import { startedOperation } from './startedOperation';

/**
 * `copy-environment`: a new environment copied from another, as
 * `POST /environments/:id/copy` makes one (copy permission on the source,
 * copy-production too for a production source, create on the copy).
 */
export function registerCopyEnvironmentAction(
  registry: ActionsRegistryService,
  deps: Pick<
    BerthActionDeps,
    | 'authorizedEnvironments'
    | 'auditor'
    | 'projects'
    | 'copies'
    | 'environmentOperations'
  >,
) {
  registry.register({
    name: 'copy-environment',
    title: 'Copy a Berth environment',
    description:
      "Copies an environment: the new one runs the revisions and images the source last deployed, with its values and settings, in a new namespace (default '<project>-<name>'), deployed unless deploy is false. Needs copy permission on the source (and copy-production for a production source) and create permission for the copy. Starts an operation and answers its id and the copy's id.",
    attributes: { readOnly: false, destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          environmentId: environmentIdInput(z).describe(
            "The source environment's id",
          ),
          name: dnsLabelInput(z, "The copy's name"),
          cluster: z
            .string()
            .min(1)
            .max(253)
            .optional()
            .describe("The copy's cluster (default: the source's)"),
          namespace: dnsLabelInput(
            z,
            "The copy's namespace (default '<project>-<name>')",
          ).optional(),
          tier: tierInput(z)
            .optional()
            .describe("The copy's tier (default: the source's)"),
          deploy: z
            .boolean()
            .default(true)
            .describe('Deploy the copy once created (default true)'),
        }),
      output: startedOperationOutput,
    },
    action: async ({ input, credentials }) => {
      const caller = actionCaller(credentials);
      const { environmentId, ...request } = input;
      const source = await deps.authorizedEnvironments.get(
        caller.credentials,
        environmentId,
        berthEnvironmentCopyPermission,
        environmentActions.copiesProduction,
      );
      const project = await deps.projects.getProject(source.projectRef);
      const copy = await deps.copies.plan(project, source, request);
      await deps.authorizedEnvironments.assertMayCreate(
        caller.credentials,
        copy.plan,
        project.ownerRef,
      );
      const { environment, operation } = await auditedAction(
        deps.auditor,
        caller,
        'environment-copy',
        {
          source: source.id,
          environment: copy.plan.name,
          cluster: copy.plan.cluster,
          namespace: copy.plan.namespace,
        },
        () => registerCopy(deps, source, copy, caller.actor),
      );
      return { output: startedOperation(environment.id, operation) };
    },
  });
}
