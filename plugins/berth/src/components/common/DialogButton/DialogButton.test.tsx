import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DialogButton } from './DialogButton';

describe('DialogButton', () => {
  it('renders the dialog only while it is open, until it closes itself', async () => {
    render(
      <DialogButton
        label="Delete"
        dialog={close => (
          <div role="dialog">
            <button onClick={close}>Close</button>
          </div>
        )}
      />,
    );
    expect(screen.queryByRole('dialog')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
