import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { actionCaller } from './actionCaller';
import { BerthActionDeps } from './BerthActionDeps';

/** `list-projects`: the Berth projects the caller may read. */
export function registerListProjectsAction(
  registry: ActionsRegistryService,
  deps: Pick<BerthActionDeps, 'authorizedProjects'>,
) {
  registry.register({
    name: 'list-projects',
    title: 'List Berth projects',
    description:
      'Lists the Berth projects (catalog Systems whose environments Berth runs) the caller may read, with their owner and services (name, Component, kind, newest revision).',
    attributes: { readOnly: true, destructive: false, idempotent: true },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          projects: z.array(
            z.object({
              ref: z.string(),
              name: z.string(),
              title: z.string().optional(),
              ownerRef: z.string().optional(),
              services: z.array(
                z.object({
                  name: z.string(),
                  componentRef: z.string(),
                  kind: z.string(),
                  latestRevision: z.number(),
                }),
              ),
            }),
          ),
        }),
    },
    action: async ({ credentials }) => {
      const caller = actionCaller(credentials);
      const projects = await deps.authorizedProjects.list(caller.credentials);
      return {
        output: {
          projects: projects.map(p => ({
            ref: p.ref,
            name: p.name,
            title: p.title,
            ownerRef: p.ownerRef,
            services: p.services.map(s => ({
              name: s.name,
              componentRef: s.componentRef,
              kind: s.kind,
              latestRevision: s.latestRevision,
            })),
          })),
        },
      };
    },
  });
}
