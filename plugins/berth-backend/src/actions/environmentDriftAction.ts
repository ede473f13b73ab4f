import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { maskSecretTokensDeep } from '../secretValues';
import { readableEnvironment } from './readableEnvironment';
import { environmentIdInput } from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';

/** `get-environment-drift`: whether live still matches what Berth deployed. */
export function registerEnvironmentDriftAction(
  registry: ActionsRegistryService,
  deps: Pick<BerthActionDeps, 'authorizedEnvironments' | 'drift'>,
) {
  registry.register({
    name: 'get-environment-drift',
    title: "Get a Berth environment's drift",
    description:
      "Compares each service's live objects with what Berth last deployed: InSync, Drifted (with the objects that changed, were added or removed, their diff, and fields set outside Berth) or Unknown (with the reason). Needs read permission on the environment; secret values are masked.",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object({ environmentId: environmentIdInput(z) }),
      output: z =>
        z.object({
          environmentId: z.string(),
          state: z.string(),
          services: z.array(
            z.object({
              service: z.string(),
              state: z.string(),
              reason: z.string().optional(),
              deploymentId: z.string().optional(),
              objects: z.array(
                z.object({
                  apiVersion: z.string(),
                  kind: z.string(),
                  name: z.string(),
                  change: z.string(),
                  diff: z.string(),
                  outOfBand: z.array(z.string()).optional(),
                }),
              ),
            }),
          ),
          checkedAt: z.string(),
        }),
    },
    action: async ({ input, credentials }) => {
      const environment = await readableEnvironment(
        deps,
        credentials,
        input.environmentId,
      );
      const drift = await deps.drift.environmentDrift(environment);
      return { output: maskSecretTokensDeep(drift) };
    },
  });
}
