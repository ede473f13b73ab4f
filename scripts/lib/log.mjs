/** Prints a progress line for a set-up or test step. */
export function step(message) {
  process.stdout.write(`\n\x1b[1m==> ${message}\x1b[0m\n`);
}

/** Seconds elapsed since `start` (a `Date.now()` value), for progress lines. */
export function since(start) {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}
