import { InputError } from '@backstage/errors';
import { parseYamlDocuments, parseYamlValue } from './safeYaml';

describe('parseYamlDocuments', () => {
  it('reads every document, empty ones as null', () => {
    expect(
      parseYamlDocuments('a: 1\n---\n# nothing\n---\n- x\n---\nplain\n'),
    ).toEqual([{ a: 1 }, null, ['x'], 'plain']);
    expect(parseYamlDocuments('')).toEqual([]);
  });

  it('names the source and line of a problem in any document', () => {
    expect(() =>
      parseYamlDocuments('a: 1\n---\nb: !env HOME\n', { source: 'app.yaml' }),
    ).toThrow(
      'app.yaml: line 3, column 9: the tag !env is not allowed; only plain YAML data is',
    );
    expect(() => parseYamlDocuments('a: 1\n---\nb: [\n')).toThrow(InputError);
  });

  it('checks every document for alias bombs', () => {
    const bomb = [
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...'bcdefghij'
        .split('')
        .map(
          (n, i) =>
            `${n}: &${n} [${Array(10).fill(`*${'abcdefghij'[i]}`).join(',')}]`,
        ),
    ].join('\n');
    expect(() => parseYamlDocuments(`ok: 1\n---\n${bomb}`)).toThrow(
      'is this an alias bomb?',
    );
  });
});

describe('parseYamlValue', () => {
  it('reads one document of any shape; nothing gives null', () => {
    expect(parseYamlValue('[1, "2", true]')).toEqual([1, '2', true]);
    expect(parseYamlValue('"text"')).toBe('text');
    expect(parseYamlValue('')).toBeNull();
  });

  it('refuses more than one document', () => {
    expect(() => parseYamlValue('a\n---\nb\n', { source: 'extraEnv' })).toThrow(
      'extraEnv: line 2, column 1: expected one YAML document, found 2',
    );
  });

  it('reads with the YAML 1.2 core schema, whatever the %YAML directive', () => {
    expect(
      parseYamlValue('%YAML 1.1\n---\nwhen: 2001-12-14\nenabled: yes\n'),
    ).toEqual({ when: '2001-12-14', enabled: 'yes' });
  });
});
