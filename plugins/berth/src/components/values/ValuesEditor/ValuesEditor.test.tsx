import { wrapInTestApp } from '@backstage/test-utils';
import { render as renderBare, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ReactElement, useState } from 'react';
import { ValuesEditor, valuesProblems } from './ValuesEditor';
import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { markSecret, mergeValues, overridesOf, secretPaths } from './values';

/** The editor reads its texts through the app's translation API. */
const render = (ui: ReactElement) => renderBare(wrapInTestApp(ui));

const schema = {
  $schema: 'http://json-schema.org/schema#',
  type: 'object',
  required: ['replicaCount'],
  properties: {
    replicaCount: { type: 'integer', minimum: 1, title: 'Replica count' },
    image: {
      type: 'object',
      properties: {
        repository: { type: 'string', title: 'Repository' },
        tag: { type: 'string', title: 'Tag' },
      },
    },
  },
};
const defaults =
  'replicaCount: 1\nimage:\n  repository: nginx\n  tag: "1.27"\n';

/** The editor with its state, as a dialog holds it; reports every change. */
function Harness(props: {
  initial: string;
  schema?: object;
  onValue: (v: string) => void;
}) {
  const [value, setValue] = useState(props.initial);
  return (
    <ValuesEditor
      label="Values"
      value={value}
      schema={props.schema}
      defaults={defaults}
      onChange={v => {
        setValue(v);
        props.onValue(v);
      }}
    />
  );
}

describe('values helpers', () => {
  it('merges overrides over defaults and keeps only what differs', () => {
    const base = { a: 1, nested: { x: 1, y: 2 }, list: [1, 2] };
    const full = mergeValues(base, { nested: { y: 3 }, list: [3] });
    expect(full).toEqual({ a: 1, nested: { x: 1, y: 3 }, list: [3] });
    expect(overridesOf(full, base)).toEqual({ nested: { y: 3 }, list: [3] });
    expect(overridesOf(base, base)).toEqual({});
  });

  it('validates the merged values against the schema', () => {
    expect(valuesProblems('', { schema, defaults })).toEqual([]);
    expect(valuesProblems('replicaCount: 0', { schema, defaults })).toEqual([
      'replicaCount: must be >= 1',
    ]);
    expect(valuesProblems('replicaCount: two', { schema, defaults })).toEqual([
      'replicaCount: must be integer',
    ]);
    expect(valuesProblems('a: [', { schema })[0]).toMatch(/^Not valid YAML/);
    expect(valuesProblems('- 1', {})).toEqual([
      'Values must be a YAML mapping (key: value)',
    ]);
  });
});

describe('marking values secret', () => {
  it('writes { $secret: value } at a dotted path, keeping comments', () => {
    expect(
      markSecret('# db\nauth:\n  user: app\n', 'auth.password', 'pw'),
    ).toBe('# db\nauth:\n  user: app\n  password:\n    $secret: pw\n');
    expect(markSecret('', 'apiKey', 'k')).toBe('apiKey:\n  $secret: k\n');
    expect(markSecret('token: abc # the token\n', 'token')).toBe(
      'token:\n  $secret: abc\n',
    );
  });

  it('refuses what it cannot mark', () => {
    expect(() => markSecret('a: 1\n', 'b')).toThrow(
      'b has no value to mark secret; give the secret value',
    );
    expect(() => markSecret(`a: ${SECRET_VALUE_MASK}\n`, 'a')).toThrow(
      'a is already secret',
    );
    expect(() => markSecret('a: 1\n', 'a..b', 'x')).toThrow(
      "'a..b' is not a values path (e.g. auth.password)",
    );
    expect(() => markSecret('- 1\n', 'a', 'x')).toThrow(
      'The values are not a YAML mapping',
    );
  });

  it('lists stored (masked) and newly marked secrets', () => {
    expect(
      secretPaths(
        `db:\n  password: ${SECRET_VALUE_MASK}\n  user: app\nkeys:\n  - $secret: k\n`,
      ),
    ).toEqual([
      { path: 'db.password', stored: true },
      { path: 'keys.0', stored: false },
    ]);
  });
});

describe('ValuesEditor', () => {
  jest.setTimeout(120_000);

  it('marks a key of the values secret, and lists stored secrets only masked', async () => {
    const user = userEvent.setup({ delay: null });
    const onValue = jest.fn();
    render(
      <Harness
        initial={`auth:\n  rootPassword: ${SECRET_VALUE_MASK}\n`}
        onValue={onValue}
      />,
    );
    const secrets = within(
      screen.getByRole('group', { name: 'Secret values' }),
    );
    expect(
      secrets.getByText(
        `Secret values: auth.rootPassword ${SECRET_VALUE_MASK}`,
      ),
    ).toBeInTheDocument();
    await user.type(
      secrets.getByLabelText('Key to mark secret'),
      'auth.replicationPassword',
    );
    const value = secrets.getByLabelText('Secret value (optional)');
    expect(value).toHaveAttribute('type', 'password');
    await user.type(value, 'r3pl');
    await user.click(secrets.getByRole('button', { name: 'Mark secret' }));
    expect(onValue).toHaveBeenLastCalledWith(
      `auth:\n  rootPassword: ${SECRET_VALUE_MASK}\n  replicationPassword:\n    $secret: r3pl\n`,
    );
    // The fields are cleared for the next one.
    expect(secrets.getByLabelText('Key to mark secret')).toHaveValue('');
    expect(value).toHaveValue('');
  });

  it('edits values through the form built from the schema, keeping only overrides', async () => {
    const user = userEvent.setup({ delay: null });
    const onValue = jest.fn();
    render(<Harness initial="" schema={schema} onValue={onValue} />);

    // The form shows the chart's defaults.
    const tag = screen.getByLabelText('Tag');
    expect(tag).toHaveValue('1.27');
    expect(screen.getByLabelText(/Replica count/)).toHaveValue(1);

    await user.clear(tag);
    await user.type(tag, '1.28');
    expect(onValue).toHaveBeenLastCalledWith('image:\n  tag: "1.28"\n');

    // The YAML tab shows the same overrides.
    await user.click(screen.getByRole('tab', { name: 'YAML' }));
    expect(screen.getByLabelText('Values')).toHaveValue(
      'image:\n  tag: "1.28"\n',
    );
  });

  it('lists schema violations of the YAML', async () => {
    render(
      <Harness
        initial={'replicaCount: 0\n'}
        schema={schema}
        onValue={jest.fn()}
      />,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      "The values do not match the chart's values.schema.json",
    );
    expect(
      within(alert).getByText('replicaCount: must be >= 1'),
    ).toBeInTheDocument();
  });

  it('is a plain YAML field without a schema, and says why YAML is unusable', async () => {
    const user = userEvent.setup({ delay: null });
    render(<Harness initial="" onValue={jest.fn()} />);
    expect(screen.queryByRole('tab')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Values'), '- a');
    expect(
      screen.getByText('Values must be a YAML mapping (key: value)'),
    ).toBeInTheDocument();
  });

  it('asks to fix the YAML before using the form', async () => {
    render(<Harness initial={'- 1\n'} schema={schema} onValue={jest.fn()} />);
    expect(
      screen.getByText(/The YAML is not a values mapping/),
    ).toBeInTheDocument();
  });
});
