import { parseRunnerMessage } from './runnerMessage';

describe('parseRunnerMessage', () => {
  it('reads outputs, tests and errors', () => {
    expect(
      parseRunnerMessage(
        '{"exitCode":1,"outputs":{"image":"r/a@sha256:1"},"tests":{"passed":3,"failed":1,"skipped":2,"failures":["api.creates"],"failuresOmitted":4},"errors":["junit: x"]}',
      ),
    ).toEqual({
      exitCode: 1,
      outputs: { image: 'r/a@sha256:1' },
      tests: {
        passed: 3,
        failed: 1,
        skipped: 2,
        failures: ['api.creates'],
        failuresOmitted: 4,
      },
      errors: ['junit: x'],
    });
  });

  it('fills what a minimal message leaves out', () => {
    expect(parseRunnerMessage('{"exitCode":0}\n')).toEqual({
      exitCode: 0,
      outputs: {},
      errors: [],
    });
    expect(
      parseRunnerMessage(
        '{"exitCode":0,"tests":{"passed":0,"failed":0,"skipped":0,"failures":null}}',
      )?.tests,
    ).toEqual({
      passed: 0,
      failed: 0,
      skipped: 0,
      failures: [],
      failuresOmitted: 0,
    });
  });

  it('is undefined for anything else', () => {
    for (const message of [
      undefined,
      '',
      'script succeeded in 3ms',
      '{"exitCode":',
      '{"outputs":{}}',
      '{"exitCode":0,"outputs":{"n":3}}',
      '{"exitCode":0,"tests":{"passed":-1,"failed":0,"skipped":0}}',
    ]) {
      expect(parseRunnerMessage(message)).toBeUndefined();
    }
  });
});
