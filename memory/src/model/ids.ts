import { uuidv7 } from "uuidv7";

/**
 * Ids are UUIDv7: globally unique, stable forever (never a position or a rank), and time-ordered,
 * which keeps B-tree inserts local in every backend.
 */
export function newId(): string {
  return uuidv7();
}

export const ID_MAX_LENGTH = 128;
