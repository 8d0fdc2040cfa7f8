import { HippographError, ValidationError, type Issue } from "@hippograph/memory";

/** Collects registry problems (missing model, tool, function) so compile reports them all at once. */
export class IssueList {
  readonly issues: Issue[] = [];
  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }
  /** Runs a factory whose ValidationError paths are relative ("options.k") and re-roots them at `at`. */
  capture<T>(at: string, make: () => T): T | undefined {
    try {
      return make();
    } catch (error) {
      if (!(HippographError.isInstance(error) && error.code === "VALIDATION")) throw error;
      for (const i of (error as ValidationError).issues) this.add(`${at}.${i.path}`, i.message);
      return undefined;
    }
  }
  throwIfAny(): void {
    if (this.issues.length > 0) throw new ValidationError(this.issues, "graph spec");
  }
}
