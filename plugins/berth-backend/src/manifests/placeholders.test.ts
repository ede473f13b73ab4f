import { InputError } from '@backstage/errors';
import { findPlaceholders } from './placeholders';

describe('findPlaceholders', () => {
  it('finds placeholders with or without blanks, with their lines', () => {
    const text = [
      'replicas: {{ .replicas }}',
      'image: "repo:{{.tag}}"',
      'note: {{   .note\t}} and {{ .other }}',
    ].join('\n');
    expect(findPlaceholders(text)).toEqual([
      { name: 'replicas', start: 10, end: 25, line: 1 },
      { name: 'tag', start: 39, end: 47, line: 2 },
      { name: 'note', start: 55, end: 68, line: 3 },
      { name: 'other', start: 73, end: 85, line: 3 },
    ]);
  });

  it('leaves braces that do not start like a placeholder alone', () => {
    expect(
      findPlaceholders(
        'summary: "{{ $labels.instance }} is down"\nx: {{ y }}\n',
      ),
    ).toEqual([]);
  });

  it.each([
    ['a: {{ .image.tag }}', "'{{ .image.tag }}'"],
    ['a: {{ .level | quote }}', "'{{ .level | quote }}'"],
    ['a: {{- .level }}', "'{{- .level }}'"],
    ['a: {{ .1abc }}', "'{{ .1abc }}'"],
    ['\n\na: {{ .open', "'{{ .open'"],
  ])('refuses %j', (text, shown) => {
    expect(() =>
      findPlaceholders(text, "manifests of service 'cache'"),
    ).toThrow(InputError);
    expect(() =>
      findPlaceholders(text, "manifests of service 'cache'"),
    ).toThrow(
      `manifests of service 'cache': line ${
        text.startsWith('\n') ? 3 : 1
      }: ${shown} is not a placeholder; a placeholder is a variable name in the form {{ .name }}`,
    );
  });

  it('refuses a placeholder that a YAML formatter rewrote', () => {
    expect(() =>
      findPlaceholders('a: 1\nreplicas: { { .replicas } }\n'),
    ).toThrow(
      "manifests: line 2: '{ { .replicas } }' looks like a placeholder that a YAML formatter (such as Prettier) rewrote; write it as {{ .name }}",
    );
  });
});
