import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { StatusToneChip } from './StatusToneChip';

/** The inside of the chip whose `data-chip` is `name`. */
function chip(name: string): string {
  return document.querySelector(`[data-chip="${name}"]`)!.innerHTML;
}

describe('StatusToneChip', () => {
  jest.setTimeout(60_000);

  it('shows the label with its data- attributes', async () => {
    await renderInTestApp(
      <StatusToneChip
        tone="ok"
        label="Succeeded"
        data={{ 'data-status': 'succeeded' }}
      />,
    );
    const label = screen.getByText('Succeeded');
    expect(label.closest('[data-status="succeeded"]')).not.toBeNull();
  });

  it('shows a status without a known tone as pending', async () => {
    await renderInTestApp(
      <>
        <StatusToneChip tone="pending" label="A" data={{ 'data-chip': 'p' }} />
        <StatusToneChip label="A" data={{ 'data-chip': 'unknown' }} />
        <StatusToneChip tone="error" label="A" data={{ 'data-chip': 'e' }} />
      </>,
    );
    expect(chip('unknown')).toEqual(chip('p'));
    expect(chip('e')).not.toEqual(chip('p'));
  });
});
