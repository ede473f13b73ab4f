import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { BerthRequests } from './BerthRequests';

// A server that drops the connection of the first `drops` requests without
// an answer (what the browser reports as "Failed to fetch"), then answers.
describe('BerthRequests', () => {
  let server: Server;
  let baseUrl: string;
  let drops = 0;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (drops > 0) {
        drops -= 1;
        req.socket.destroy();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ answered: true }));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    seen.length = 0;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise(resolve => server.close(resolve));
  });

  const requests = () =>
    new BerthRequests(
      { getBaseUrl: async id => `${baseUrl}/api/${id}` },
      { fetch },
    );

  it('sends a GET again when the connection dropped before an answer', async () => {
    drops = 2;
    await expect(requests().get('/projects')).resolves.toEqual({
      answered: true,
    });
    expect(seen).toEqual([
      'GET /api/berth/projects',
      'GET /api/berth/projects',
      'GET /api/berth/projects',
    ]);
  });

  it('gives up on a GET after two more attempts', async () => {
    drops = 3;
    await expect(requests().get('/projects')).rejects.toMatchObject({
      name: 'TypeError',
    });
    expect(seen).toHaveLength(3);
  });

  it('never sends a request that changes something twice', async () => {
    drops = 1;
    await expect(
      requests().send('POST', '/projects/p/environments', { name: 'dev' }),
    ).rejects.toMatchObject({ name: 'TypeError' });
    expect(seen).toEqual(['POST /api/berth/projects/p/environments']);
  });
});
