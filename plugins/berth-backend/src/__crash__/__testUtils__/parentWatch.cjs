// Preloaded (node --require) into the backends the crash tests start. The
// harness starts each backend in a process group of its own, with an IPC
// channel; when the test process goes away (a Jest worker killed, a crash),
// the channel closes and this ends the backend's whole group, so no backend or
// helm process outlives its test. It does nothing else: the channel does not
// keep the backend alive and the backend never uses it.
if (process.channel) {
  process.channel.unref();
  process.on('disconnect', () => {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      process.kill(process.pid, 'SIGKILL');
    }
  });
}
