import { InputError } from '@backstage/errors';
import { HelmChart } from './types';

const RELEASE_NAME =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CHART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
// A version or a constraint (`^1.2.0`, `>=1.0.0 <2.0.0`); never a flag.
const CHART_VERSION = /^[A-Za-z0-9^~<>=*][A-Za-z0-9.+_^~<>=*, |-]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

export function assertReleaseName(release: string) {
  if (release.length > 53 || !RELEASE_NAME.test(release)) {
    throw new InputError(
      `Helm release name '${release}' is not valid: at most 53 lower-case letters, digits, '-' and '.', starting and ending with a letter or digit`,
    );
  }
}

export function assertNamespace(namespace: string) {
  if (namespace.length > 63 || !NAMESPACE.test(namespace)) {
    throw new InputError(
      `Namespace '${namespace}' is not valid: at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
}

/**
 * Refuses a chart that Helm could take for something else: a path or name
 * that starts with '-' (a flag), control characters, a version or
 * repository URL that is not one.
 */
function assertChart(chart: HelmChart) {
  const refuse = (what: string, value: string): never => {
    throw new InputError(
      `Helm chart ${what} ${JSON.stringify(value)} is not valid`,
    );
  };
  if (typeof chart === 'string') {
    if (!chart || chart.startsWith('-') || CONTROL.test(chart)) {
      refuse('path', chart);
    }
    return;
  }
  if (!CHART_NAME.test(chart.name)) refuse('name', chart.name);
  if (!CHART_VERSION.test(chart.version)) refuse('version', chart.version);
  if (
    !/^(https?|oci):\/\/[^\s/]/.test(chart.repoUrl) ||
    CONTROL.test(chart.repoUrl)
  ) {
    refuse('repository', chart.repoUrl);
  }
}

/**
 * The flags that locate a chart and the chart reference (a positional
 * argument, after `--`).
 */
export function helmChartArgs(chart: HelmChart): {
  flags: string[];
  reference: string;
} {
  assertChart(chart);
  if (typeof chart === 'string') {
    return { flags: [], reference: chart };
  }
  const flags = [`--version=${chart.version}`];
  if (chart.repoUrl.startsWith('oci://')) {
    return {
      flags,
      reference: `${chart.repoUrl.replace(/\/+$/, '')}/${chart.name}`,
    };
  }
  return {
    flags: [`--repo=${chart.repoUrl}`, ...flags],
    reference: chart.name,
  };
}

/** helm's `--labels k=v,...`, each label checked (no `,` or `=` can slip in). */
export function releaseLabelArgs(labels?: Record<string, string>): string[] {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return [];
  for (const [key, value] of entries) {
    if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(value)) {
      throw new InputError(`Invalid Helm release label ${key}=${value}`);
    }
  }
  return ['--labels', entries.map(([k, v]) => `${k}=${v}`).join(',')];
}
