import {
  checkValuesAgainstSchema,
  SchemaProblem,
} from '../../charts/valuesSchema';
import { mergeValues, parseValuesYaml } from '../../values';
import { chartDefaultValues } from './chartValues';
import { HelmImportContext } from './HelmImportContext';

/** The chart's values.yaml merged with `values`, checked against its schema. */
export async function checkValues(
  ctx: Pick<HelmImportContext, 'archives'>,
  digest: string,
  values: string,
): Promise<{ valid: boolean; errors: SchemaProblem[] }> {
  const info = await ctx.archives.get(digest);
  const merged = mergeValues(
    chartDefaultValues(info),
    parseValuesYaml(values, { source: 'values' }),
  );
  const errors = info.schema
    ? checkValuesAgainstSchema(info.schema, merged)
    : [];
  return { valid: errors.length === 0, errors };
}
