import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { ValuesEditor, valuesProblems } from './ValuesEditor';
import { mergeValues, overridesOf } from './values';

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

describe('ValuesEditor', () => {
  jest.setTimeout(120_000);

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
