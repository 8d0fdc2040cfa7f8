/**
 * Dense integer codes for strings, in order of first sight, and back: how graph traversals turn
 * node ids and edge kinds into the small integers their inner loops index arrays with.
 */
export class Interner {
  private readonly codes = new Map<string, number>();
  private readonly names: string[] = [];

  get size(): number {
    return this.names.length;
  }

  /** Every interned string, in code order (a view: do not modify). */
  get all(): readonly string[] {
    return this.names;
  }

  /** The string's code, assigning the next one the first time it is seen. */
  intern(name: string): number {
    let code = this.codes.get(name);
    if (code === undefined) {
      code = this.names.length;
      this.names.push(name);
      this.codes.set(name, code);
    }
    return code;
  }

  /** The string's code, or -1 when it was never interned. */
  code(name: string): number {
    return this.codes.get(name) ?? -1;
  }

  name(code: number): string {
    return this.names[code]!;
  }
}
