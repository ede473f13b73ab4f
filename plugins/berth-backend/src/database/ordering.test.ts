import { newestFirst } from './ordering';

describe('newestFirst', () => {
  it('orders by each column descending, in turn', () => {
    expect(newestFirst('received_at', 'seq')).toEqual([
      { column: 'received_at', order: 'desc' },
      { column: 'seq', order: 'desc' },
    ]);
  });
});
