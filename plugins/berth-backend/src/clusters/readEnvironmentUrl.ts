import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/**
 * `berth.clusters.<name>.environmentUrl`: where the cluster's gateway serves
 * environments, with `{namespace}` standing for an environment's namespace
 * (e.g. `http://{namespace}.localhost:8080`). Refused unless it is an http(s)
 * URL holding `{namespace}`.
 */
export function readEnvironmentUrl(
  settings: Config | undefined,
  clusterName: string,
): string | undefined {
  const template = settings?.getOptionalString('environmentUrl');
  if (template === undefined) return undefined;
  const key = `berth.clusters.${clusterName}.environmentUrl`;
  if (!template.includes('{namespace}')) {
    throw new InputError(`${key} must hold {namespace}: '${template}'`);
  }
  let url: URL;
  try {
    url = new URL(template.replaceAll('{namespace}', 'namespace'));
  } catch {
    throw new InputError(`${key} is not a URL: '${template}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${key} must be an http or https URL: '${template}'`);
  }
  return template;
}
