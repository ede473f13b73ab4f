import { startAnswerWatchdog } from './answerWatchdog';

describe('startAnswerWatchdog', () => {
  it('checks again and again until a check reports a problem, then aborts with it', async () => {
    let checks = 0;
    const problem = new Error("Cluster 'east' did not answer within 1 s");
    const watchdog = startAnswerWatchdog(async () => {
      checks += 1;
      return checks === 3 ? problem : undefined;
    }, 10);
    await new Promise(resolve =>
      watchdog.signal.addEventListener('abort', resolve),
    );
    expect(checks).toBe(3);
    expect(watchdog.signal.reason).toBe(problem);
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(checks).toBe(3);
  });

  it('takes a check that throws as a problem', async () => {
    const watchdog = startAnswerWatchdog(async () => {
      throw new Error('unknown cluster');
    }, 10);
    await new Promise(resolve =>
      watchdog.signal.addEventListener('abort', resolve),
    );
    expect((watchdog.signal.reason as Error).message).toBe('unknown cluster');
  });

  it('stops checking when stopped, and never aborts then', async () => {
    let checks = 0;
    const watchdog = startAnswerWatchdog(async () => {
      checks += 1;
      return new Error('late');
    }, 30);
    watchdog.stop();
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(checks).toBe(0);
    expect(watchdog.signal.aborted).toBe(false);
  });
});
