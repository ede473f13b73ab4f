import { BuildFailedError, parseBuildTerminationMessage } from './buildOutputs';

const digest = `sha256:${'d'.repeat(64)}`;

describe('parseBuildTerminationMessage', () => {
  it('reads image, digest and commit', () => {
    expect(
      parseBuildTerminationMessage(
        JSON.stringify({
          image: 'r.example.com/app:v1',
          digest,
          commit: 'c'.repeat(40),
        }),
      ),
    ).toEqual({
      image: 'r.example.com/app:v1',
      digest,
      commit: 'c'.repeat(40),
    });
    expect(
      parseBuildTerminationMessage(
        `  {"image":"app:v1","digest":"${digest}"}\n`,
      ),
    ).toEqual({ image: 'app:v1', digest });
  });

  it.each([
    [undefined, 'The build left no termination message'],
    ['', 'The build left no termination message'],
    [
      'script succeeded in 3s',
      "The build's termination message is not JSON: script succeeded in 3s",
    ],
    [
      '{"error":"line 2: RUN: not supported"}',
      'The build failed: line 2: RUN: not supported',
    ],
    [`{"digest":"${digest}"}`, 'no valid image and digest: image:'],
    [
      '{"image":"app:v1","digest":"sha256:short"}',
      'no valid image and digest: digest:',
    ],
    [`{"image":"app:v1","digest":"${digest}","commit":"main"}`, 'commit:'],
    ['[1,2]', 'no valid image and digest'],
    ['null', 'no valid image and digest'],
  ])('refuses %j', (message, reason) => {
    expect(() => parseBuildTerminationMessage(message)).toThrow(
      BuildFailedError,
    );
    expect(() => parseBuildTerminationMessage(message)).toThrow(reason);
  });
});
