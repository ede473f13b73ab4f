import { parseDocument } from 'yaml';

/**
 * The backend's input rules the fake applies, with the backend's messages
 * (plugins/berth-backend: names/dnsNames.ts, names/namespaces.ts,
 * values/safeYaml.ts), so that the contract test finds the same answers.
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a value is not an RFC 1123 DNS label, as the backend says it; undefined when it is one. */
export function dnsLabelProblem(
  what: string,
  value: unknown,
): string | undefined {
  if (typeof value !== 'string') {
    return `${what} must be a string, but it is a ${typeof value}`;
  }
  let problem: string | undefined;
  if (value.length > 63) {
    problem = `it is ${value.length} characters long, more than 63`;
  } else if (value.length === 0) problem = 'it is empty';
  else if (/[A-Z]/.test(value)) problem = 'it has upper-case letters';
  else if (/[^a-z0-9-]/.test(value)) {
    problem = 'only lower-case letters, digits and - are allowed';
  } else if (!LABEL.test(value)) {
    problem = 'it must start and end with a letter or digit';
  }
  return (
    problem &&
    `${what} '${value}' is not a valid DNS label (RFC 1123): ${problem}`
  );
}

const RESERVED_NAMESPACES = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'default',
];

/** Why Berth may not use a namespace (not a label, reserved, `kube-`); undefined when it may. */
export function namespaceProblem(name: string): string | undefined {
  const notLabel = dnsLabelProblem('namespace', name);
  if (notLabel) return notLabel;
  if (RESERVED_NAMESPACES.includes(name)) {
    return `Namespace '${name}' is reserved by Kubernetes; choose a namespace of the environment's own`;
  }
  if (name.startsWith('kube-')) {
    return `Namespace '${name}' starts with 'kube-', a prefix Kubernetes reserves for its own namespaces; choose another name`;
  }
  return undefined;
}

/** Why a YAML text does not parse ("<source>: line L, column C: problem"); undefined when it parses. */
export function yamlProblem(source: string, text: string): string | undefined {
  const document = parseDocument(text ?? '', { prettyErrors: true });
  const [error] = document.errors;
  if (!error) return undefined;
  const problem = error.message
    .split('\n')[0]
    .replace(/ at line \d+, column \d+:?$/, '');
  const pos = error.linePos?.[0];
  return `${source}: ${
    pos ? `line ${pos.line}, column ${pos.col}: ` : ''
  }${problem}`;
}
