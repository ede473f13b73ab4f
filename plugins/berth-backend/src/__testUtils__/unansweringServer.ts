import net, { AddressInfo } from 'node:net';

/**
 * A loopback TCP server that accepts every connection and never answers nor
 * closes it: what a black-holed or frozen API server looks like to a client.
 */
export async function unansweringServer() {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer(socket => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    /** e.g. `http://127.0.0.1:41234`. */
    url: (scheme: 'http' | 'https' = 'http') => `${scheme}://127.0.0.1:${port}`,
    /** How many connections it accepted. */
    accepted: () => accepted,
    /** How many of them are still open. */
    open: () => sockets.size,
    close: () =>
      new Promise<void>(resolve => {
        sockets.forEach(s => s.destroy());
        server.close(() => resolve());
      }),
  };
}
