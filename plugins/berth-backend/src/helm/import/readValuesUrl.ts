import { InputError, NotFoundError } from '@backstage/errors';
import { parseValuesYaml } from '../../values';
import { HelmImportContext } from './HelmImportContext';

/** Reads a values file through the URL readers, checked as YAML. */
export async function readValuesUrl(
  ctx: Pick<HelmImportContext, 'urlReader' | 'fetcher'>,
  url: string,
): Promise<string> {
  if (!ctx.urlReader) {
    throw new InputError('Reading values from Git is not available');
  }
  await ctx.fetcher.checkGitUrl(url, 'Values file');
  let text: string;
  try {
    const response = await ctx.urlReader.readUrl(url);
    text = (await response.buffer()).toString('utf8');
  } catch (error) {
    const e = error as Error;
    if (e.name === 'NotFoundError') {
      throw new NotFoundError(`No values file at ${url}`);
    }
    throw new InputError(`Cannot read the values file ${url}: ${e.message}`);
  }
  parseValuesYaml(text, { source: `values file ${url}` });
  return text;
}
