import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** For tests: temporary directories, each made fresh and all removed at once (call `removeAll` in an `afterEach`). */
export class TempDirs {
  private readonly dirs: string[] = [];

  constructor(private readonly prefix: string) {}

  make(): string {
    const dir = mkdtempSync(join(tmpdir(), `hippograph-${this.prefix}-`));
    this.dirs.push(dir);
    return dir;
  }

  removeAll(): void {
    this.dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  }
}
