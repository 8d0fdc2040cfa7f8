/** `into` (a larger array of the same type) holding the first `length` entries of `from`; the rest as `into` was made. */
export function grown<T extends Float64Array | Int32Array | Uint8Array>(from: T, into: T, length = from.length): T {
  into.set(from.subarray(0, length));
  return into;
}
