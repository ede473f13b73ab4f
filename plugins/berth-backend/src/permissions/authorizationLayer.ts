import { AdoptionRules } from './authorizeAdoption';
import {
  AuthorizedEnvironments,
  EnvironmentSource,
} from './AuthorizedEnvironments';
import { AuthorizedProjects, ProjectSource } from './AuthorizedProjects';
import { EnvironmentAuthorizer } from './EnvironmentAuthorizer';
import { ProjectAuthorizer } from './ProjectAuthorizer';

/**
 * The authorization layer over the plugin's two authorizers: what the REST
 * routes and the actions (MCP) reach projects and environments through.
 */
export function authorizationLayer(deps: {
  authorizer: EnvironmentAuthorizer;
  projectAuthorizer: ProjectAuthorizer;
  environments: EnvironmentSource;
  projects: ProjectSource;
  adoptableNamespaces: AdoptionRules;
}) {
  return {
    authorizedEnvironments: new AuthorizedEnvironments({
      authorizer: deps.authorizer,
      environments: deps.environments,
      adoptableNamespaces: deps.adoptableNamespaces,
    }),
    authorizedProjects: new AuthorizedProjects({
      authorizer: deps.projectAuthorizer,
      projects: deps.projects,
    }),
  };
}
