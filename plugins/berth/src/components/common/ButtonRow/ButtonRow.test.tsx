import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ButtonRow } from './ButtonRow';

describe('ButtonRow', () => {
  it('shows the offered buttons in order and runs the clicked one', async () => {
    const clicked: string[] = [];
    render(
      <ButtonRow
        buttons={[
          { label: 'Cancel', onClick: () => clicked.push('cancel') },
          false,
          { label: 'Rerun', onClick: () => clicked.push('rerun') },
        ]}
      />,
    );
    const buttons = screen.getAllByRole('button');
    expect(buttons.map(b => b.textContent)).toEqual(['Cancel', 'Rerun']);
    await userEvent.click(screen.getByRole('button', { name: 'Rerun' }));
    expect(clicked).toEqual(['rerun']);
  });

  it('disables one button, or all of them while the row is disabled', () => {
    const { rerender } = render(
      <ButtonRow
        buttons={[
          { label: 'Approve', onClick: () => {}, disabled: true },
          { label: 'Reject', onClick: () => {} },
        ]}
      />,
    );
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeEnabled();
    rerender(
      <ButtonRow
        disabled
        buttons={[
          { label: 'Approve', onClick: () => {} },
          { label: 'Reject', onClick: () => {} },
        ]}
      />,
    );
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
  });
});
