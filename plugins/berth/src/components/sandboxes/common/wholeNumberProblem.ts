/** `problem` unless `text` is empty or a whole number, at least 1. */
export function wholeNumberProblem(
  text: string,
  problem: string,
): string | undefined {
  if (!text.trim()) return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 ? undefined : problem;
}
