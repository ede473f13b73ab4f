import { createHash } from 'node:crypto';

/** The most a Job's name may have: its pods carry it as a label value. */
export const MAX_JOB_NAME = 63;

function dnsPart(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The Kubernetes Job's name of one attempt of one job of a run:
 * `berth-<run>-<job>-<attempt>` when that is a DNS label of at most 63
 * characters made of the values as given, else a shortened
 * `berth-<run's first 8>-<job's start>-<attempt>-<hash>` whose hash (10 hex
 * of SHA-256 over run, job and attempt) keeps different inputs apart. The same
 * inputs always give the same name, so a takeover finds the Job again.
 */
export function kubernetesJobName(
  runId: string,
  job: string,
  attempt: number,
): string {
  const run = dnsPart(runId);
  const jobPart = dnsPart(job);
  const plain = `berth-${run}-${jobPart}-${attempt}`;
  const lossless = run === runId && jobPart === job && jobPart !== '';
  if (lossless && plain.length <= MAX_JOB_NAME) {
    return plain;
  }
  const hash = createHash('sha256')
    .update(`${runId}\n${job}\n${attempt}`)
    .digest('hex')
    .slice(0, 10);
  const head = `berth-${run.slice(0, 8).replace(/-$/, '')}`;
  const tail = `${attempt}-${hash}`;
  const room = MAX_JOB_NAME - head.length - tail.length - 2;
  const jobShort = jobPart.slice(0, Math.max(0, room)).replace(/-$/, '');
  return [head, jobShort, tail].filter(Boolean).join('-');
}
