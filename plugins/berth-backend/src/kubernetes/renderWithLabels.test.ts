import { parseAllDocuments } from 'yaml';
import { renderWithLabels } from './renderWithLabels';

const labels = { 'berth.dev/service': 'cart' };

function parse(yaml: string) {
  return parseAllDocuments(yaml, { version: '1.1' }).map(d => d.toJS());
}

describe('renderWithLabels', () => {
  it('labels every document of a Helm stream and drops empty ones', () => {
    const out = renderWithLabels(
      [
        '---',
        '# Source: hello/templates/configmap.yaml',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: hello-config',
        'data:',
        '  message: "hello"',
        '---',
        '# Source: hello/templates/empty.yaml',
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: hello',
        'spec:',
        '  selector:',
        '    matchLabels: { app: hello }',
        '  template:',
        '    metadata:',
        '      labels: { app: hello }',
        '    spec:',
        '      containers: [{ name: hello, image: "x:1" }]',
        '',
      ].join('\n'),
      labels,
    );
    expect(parse(out)).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'hello-config', labels },
        data: { message: 'hello' },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'hello', labels },
        spec: {
          selector: { matchLabels: { app: 'hello' } },
          template: {
            metadata: { labels: { app: 'hello', ...labels } },
            spec: { containers: [{ name: 'hello', image: 'x:1' }] },
          },
        },
      },
    ]);
  });

  it('reads and writes YAML as Kubernetes does (1.1: octal modes, yes/no)', () => {
    const out = renderWithLabels(
      [
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata: { name: c }',
        'data:',
        '  quoted: "yes"',
        `  long: "${'x'.repeat(200)}"`,
        'mode: 0755',
        'flag: yes',
      ].join('\n'),
      labels,
    );
    const [object] = parse(out);
    expect(object.mode).toBe(0o755);
    expect(object.flag).toBe(true);
    expect(object.data.quoted).toBe('yes');
    expect(out).toContain(`long: ${'x'.repeat(200)}\n`);
  });

  it('is empty for an empty stream', () => {
    expect(renderWithLabels('', labels)).toBe('');
    expect(renderWithLabels('---\n# nothing\n', labels)).toBe('');
  });

  it('throws on invalid YAML', () => {
    expect(() => renderWithLabels('a: [\n---\nb: 1', labels)).toThrow(
      'The rendered manifests are not valid YAML',
    );
  });
});
