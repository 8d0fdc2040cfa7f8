import { afterEach, beforeEach, it } from "vitest";
import type { ConformanceBackend, ConformanceTarget } from "./kit.js";

export const DIMENSIONS = 8;

export interface BackendSlot {
  /** The backend of the running case. */
  readonly b: ConformanceBackend;
  /** Hand over a replacement (after reopen) so the slot closes the live handle, not a dead one. */
  set(next: ConformanceBackend): void;
}

/**
 * A fresh, empty backend per case: cases never see each other's data, so global reads
 * (stats(), listNamespaces()) have exact expected values.
 */
export function useBackend(target: ConformanceTarget, dimensions = DIMENSIONS): BackendSlot {
  let current: ConformanceBackend | undefined;
  beforeEach(async () => {
    current = await target.create({ dimensions });
  });
  afterEach(async () => {
    const b = current;
    current = undefined;
    await b?.close();
  });
  return {
    get b() {
      if (!current) throw new Error("conformance: no backend outside a case");
      return current;
    },
    set(next) {
      current = next;
    },
  };
}

/**
 * Registers a case that needs an optional capability; without it the case is skipped and the
 * reason is both printed and kept in the case name, so a green run never hides missing coverage.
 */
export function itWhen(
  target: ConformanceTarget,
  available: boolean,
  reason: string,
  name: string,
  fn: () => Promise<void>,
  timeout?: number,
): void {
  if (available) {
    it(name, fn, timeout);
    return;
  }
  console.info(`[conformance:${target.name}] skipped "${name}": ${reason}`);
  it.skip(`${name} — skipped: ${reason}`, fn);
}
