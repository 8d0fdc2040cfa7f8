/** A whole-number command-line option of a bench, at least `min`; a clear error naming the flag otherwise. */
export function intOption(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
}
