import { SseParser } from './sse';

describe('SseParser', () => {
  it('reads events split anywhere, with ids, multi-line data and comments', () => {
    const parser = new SseParser();
    expect(parser.push(': hello\n\nid: 1\nevent: chu')).toEqual([]);
    expect(parser.push('nk\ndata: {"a":1}\n\nevent: end\ndata: {}\n')).toEqual([
      { event: 'chunk', data: '{"a":1}', id: '1' },
    ]);
    expect(parser.push('\ndata: x\r\ndata: y\r\n\r\n')).toEqual([
      { event: 'end', data: '{}', id: undefined },
      { event: 'message', data: 'x\ny', id: undefined },
    ]);
  });
});
