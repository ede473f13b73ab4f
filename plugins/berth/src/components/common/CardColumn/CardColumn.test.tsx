import { render, screen } from '@testing-library/react';
import { CardColumn } from './CardColumn';

describe('CardColumn', () => {
  it('puts each child in its own item, leaving out those not shown', () => {
    const shown = false;
    const { container } = render(
      <CardColumn>
        <p>first</p>
        {shown && <p>hidden</p>}
        <p>second</p>
      </CardColumn>,
    );
    expect(screen.getByText('first')).toBeInTheDocument();
    expect(screen.getByText('second')).toBeInTheDocument();
    expect(screen.queryByText('hidden')).not.toBeInTheDocument();
    const items = container.querySelectorAll('.MuiGrid-item');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveClass('MuiGrid-grid-xs-12');
  });
});
