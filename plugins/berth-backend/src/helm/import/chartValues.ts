import { PreparedChart } from '../../charts/chartTypes';
import { validateValuesAgainstSchema } from '../../charts/valuesSchema';
import { mergeValues, parseValuesYaml } from '../../values';

/** The chart's values.yaml, parsed (at most 1 MiB). */
export function chartDefaultValues(info: PreparedChart['info']) {
  return parseValuesYaml(info.values, {
    source: `values.yaml of chart '${info.metadata.name}'`,
    maxBytes: 1024 * 1024,
  });
}

/** Refuses a service's values that fail its chart's values.schema.json. */
export function checkServiceValues(
  prepared: PreparedChart,
  values: string,
  service: string,
) {
  const { info } = prepared;
  if (!info.schema) return;
  validateValuesAgainstSchema(
    info.schema,
    mergeValues(
      chartDefaultValues(info),
      parseValuesYaml(values, { source: `values of service '${service}'` }),
    ),
    `The values of service '${service}'`,
  );
}

/** A service spec's chart: the stored archive of a prepared chart. */
export function archiveSource(prepared: PreparedChart) {
  return {
    type: 'archive' as const,
    digest: prepared.info.digest,
    name: prepared.info.metadata.name,
    version: prepared.info.metadata.version,
    origin: prepared.info.origin,
  };
}
