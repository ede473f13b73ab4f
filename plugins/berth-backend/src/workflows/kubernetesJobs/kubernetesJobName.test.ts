import { kubernetesJobName, MAX_JOB_NAME } from './kubernetesJobName';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const RUN = '3f2b8c1e-9d4a-4e6b-8f00-123456789abc';

describe('kubernetesJobName', () => {
  it('is berth-<run>-<job>-<attempt> when that fits', () => {
    expect(kubernetesJobName(RUN, 'unit', 2)).toBe(`berth-${RUN}-unit-2`);
  });

  it('is the same for the same inputs and differs when any differs', () => {
    const name = kubernetesJobName(RUN, 'integration-tests', 1);
    expect(kubernetesJobName(RUN, 'integration-tests', 1)).toBe(name);
    const others = [
      kubernetesJobName(RUN, 'integration-tests', 2),
      kubernetesJobName(RUN, 'integration-test', 1),
      kubernetesJobName(RUN.replace('3f', '4f'), 'integration-tests', 1),
    ];
    expect(new Set([name, ...others]).size).toBe(4);
  });

  it('hashes long names down to a DNS label of at most 63 characters', () => {
    const name = kubernetesJobName(RUN, 'a'.repeat(100), 12);
    expect(name.length).toBeLessThanOrEqual(MAX_JOB_NAME);
    expect(name).toMatch(DNS_LABEL);
    expect(name).toMatch(/^berth-3f2b8c1e-a+-12-[0-9a-f]{10}$/);
  });

  it('makes any job name DNS-safe, and keeps names that differ only in case apart', () => {
    const upper = kubernetesJobName(RUN, 'Build_Image', 1);
    const lower = kubernetesJobName(RUN, 'build-image', 1);
    expect(upper).toMatch(DNS_LABEL);
    expect(upper).not.toBe(lower);
    for (const job of ['-', '..', 'ünïcode', `${'x'.repeat(63)}-`, '--a--']) {
      const name = kubernetesJobName(RUN, job, 1);
      expect(name).toMatch(DNS_LABEL);
      expect(name.length).toBeLessThanOrEqual(MAX_JOB_NAME);
    }
  });
});
