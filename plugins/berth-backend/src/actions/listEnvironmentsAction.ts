import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { withAvailableRevisions } from '../environments/withAvailableRevisions';
import { actionCaller } from './actionCaller';
import { projectInput } from './actionSchemas';
import { BerthActionDeps } from './BerthActionDeps';
import { projectRefOf } from './projectRefOf';

/**
 * `list-environments`: the environments the caller may read (of one project
 * or all), with each service's pinned revision, newer revision and image
 * overrides. Values are never part of the answer.
 */
export function registerListEnvironmentsAction(
  registry: ActionsRegistryService,
  deps: Pick<BerthActionDeps, 'authorizedEnvironments' | 'services'>,
) {
  registry.register({
    name: 'list-environments',
    title: 'List Berth environments',
    description:
      "Lists the environments the caller may read, of one project or of all: id, name, project, cluster, namespace, tier, sleep state, and per service the pinned revision, a newer revision when the project has one, and image overrides. Use an environment's id with the other Berth tools.",
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          project: projectInput(z)
            .optional()
            .describe(
              "Only this project's environments (a catalog System reference); all projects when left out",
            ),
        }),
      output: z =>
        z.object({
          environments: z.array(
            z.object({
              id: z.string(),
              name: z.string(),
              projectRef: z.string(),
              cluster: z.string(),
              namespace: z.string(),
              tier: z.string(),
              sleepState: z.enum(['awake', 'asleep', 'waking']),
              services: z.array(
                z.object({
                  name: z.string(),
                  revision: z.number().optional(),
                  newerRevision: z.number().optional(),
                  images: z.record(z.string()).optional(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const caller = actionCaller(credentials);
      const readable = await deps.authorizedEnvironments.list(
        caller.credentials,
        input.project ? { projectRef: projectRefOf(input.project) } : {},
      );
      const environments = await withAvailableRevisions(
        deps.services,
        readable,
      );
      return {
        output: {
          environments: environments.map(e => ({
            id: e.id,
            name: e.name,
            projectRef: e.projectRef,
            cluster: e.cluster,
            namespace: e.namespace,
            tier: e.tier,
            sleepState: e.sleepState ?? ('awake' as const),
            services: Object.entries(e.services).map(([name, settings]) => ({
              name,
              revision: settings.revision,
              newerRevision: e.availableRevisions?.[name]?.available,
              images: settings.images,
            })),
          })),
        },
      };
    },
  });
}
