import { uuidv7 } from "uuidv7";
import { z } from "zod";

/**
 * Ids are UUIDv7: globally unique, stable forever (never a position or a rank), and time-ordered,
 * which keeps B-tree inserts local in every backend.
 */
export function newId(): string {
  return uuidv7();
}

export const ID_MAX_LENGTH = 128;

/** A caller-chosen id, as every input schema takes one. */
export const idSchema = z.string().min(1, "id must not be empty").max(ID_MAX_LENGTH);

/** The positions whose id an earlier position already has, each with that first position: for "repeats …" issues. */
export function repeatedIds(ids: readonly (string | undefined)[]): { at: number; first: number; id: string }[] {
  const firstAt = new Map<string, number>();
  const out: { at: number; first: number; id: string }[] = [];
  ids.forEach((id, at) => {
    if (id === undefined) return;
    const first = firstAt.get(id);
    if (first === undefined) firstAt.set(id, at);
    else out.push({ at, first, id });
  });
  return out;
}
