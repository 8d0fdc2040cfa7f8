/** Exit codes: usage 2, bad data 3, refused database 4 (file untouched), missing file 5. */
import { readFileSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXIT, exitCodeFor } from "./exit-codes.js";
import { formatError } from "./format.js";
import { jsonl, runCli, workspace } from "./testing/harness.js";

let ws: ReturnType<typeof workspace>;
beforeEach(() => (ws = workspace()));
afterEach(() => ws.cleanup());

describe("database refusal (exit 4)", () => {
  it("refuses a file that is not SQLite and leaves it byte-identical", async () => {
    const bytes = randomBytes(8192);
    const db = ws.file("notes.db", bytes);
    const input = ws.file("ok.jsonl", jsonl([{ text: "hello" }]));
    const { code, stderr } = await runCli(["--db", db, "ingest", input]);
    expect(code).toBe(EXIT.DATABASE_REFUSED);
    expect(stderr).toMatch(/is not a Hippograph database/);
    expect(readFileSync(db).equals(bytes)).toBe(true);
    expect((await runCli(["--db", db, "stats", "--json"])).code).toBe(4);
    expect(readFileSync(db).equals(bytes)).toBe(true);
  });

  it("refuses another application's SQLite database, as JSON with --json", async () => {
    const other = new Database(ws.db);
    other.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5)");
    other.close();
    const before = readFileSync(ws.db);
    const { code, stderr, stdout } = await runCli(["--db", ws.db, "--json", "stats"]);
    expect(code).toBe(4);
    expect(stdout).toBe("");
    expect(JSON.parse(stderr)).toMatchObject({ error: { code: "NOT_OUR_DATABASE", message: expect.stringContaining("another application") } });
    expect(readFileSync(ws.db).equals(before)).toBe(true);
    expect(statSync(ws.db).size).toBe(before.length);
  });
});

describe("usage and lookup errors", () => {
  it("exits 5 when the file to ingest does not exist", async () => {
    const { code, stderr } = await runCli(["--db", ws.db, "ingest", `${ws.dir}/nope.jsonl`]);
    expect(code).toBe(EXIT.NOT_FOUND);
    expect(stderr).toMatch(/no such file: .*nope\.jsonl/);
  });

  it.each([
    ["an unknown option", ["stats", "--bogus"], /unknown option '--bogus'/],
    ["an unknown command", ["frobnicate"], /unknown command 'frobnicate'/],
    ["a missing argument", ["ingest"], /missing required argument 'file'/],
    ["a bad number", ["search", "x", "-k", "zero"], /expected a whole number/],
    ["a bad namespace", ["--ns", "no spaces please", "stats"], /namespace must be/],
    ["a bad format", ["export", "--format", "csv"], /expected one of json, graphml/],
  ])("exits 2 on %s", async (_name, args, message) => {
    const { code, stderr } = await runCli(["--db", ws.db, ...args]);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toMatch(message);
  });

  it("reports usage errors as JSON with --json", async () => {
    const { code, stderr } = await runCli(["--json", "stats", "--bogus"]);
    expect(code).toBe(2);
    expect(JSON.parse(stderr)).toEqual({ error: { code: "USAGE", message: "unknown option '--bogus'" } });
  });

  it("exits 0 for --help and documents the exit codes there", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("Exit codes:");
    expect(stdout).toMatch(/4 {2}the --db file is not a Hippograph database/);
  });
});

describe("unexpected errors (exit 1)", () => {
  it("are one line unless DEBUG=hippograph asks for the stack", () => {
    const error = new Error("disk on fire\nsecond line");
    expect(exitCodeFor(error)).toBe(EXIT.INTERNAL);
    expect(formatError(error, { json: false, debug: false })).toBe("error: disk on fire\n(set DEBUG=hippograph to see the stack)\n");
    expect(formatError(error, { json: false, debug: true })).toContain("at ");
    expect(JSON.parse(formatError(error, { json: true, debug: false }))).toEqual({ error: { code: "INTERNAL", message: "disk on fire\nsecond line" } });
  });

  it("the system's refusals of a file are not internal errors: permissions, a directory, a full disk, a read-only database", () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: refused`), { code });
    expect(["EACCES", "EPERM", "EISDIR", "EROFS", "ENOSPC", "SQLITE_READONLY"].map((c) => exitCodeFor(errno(c)))).toEqual(Array(6).fill(EXIT.STORAGE));
    expect(exitCodeFor(errno("ENOENT"))).toBe(EXIT.NOT_FOUND);
    expect(JSON.parse(formatError(errno("EACCES"), { json: true, debug: false })).error.code).toBe("EACCES");
    expect(formatError(errno("EACCES"), { json: false, debug: false })).toBe("error: EACCES: refused\n");
  });

  it("an --out file in a missing directory is not found (5), and nothing is left behind", async () => {
    const { code, stderr } = await runCli(["--db", ws.db, "export", "--out", `${ws.dir}/missing/graph.json`]);
    expect(code).toBe(EXIT.NOT_FOUND);
    expect(stderr).toMatch(/does not exist/);
  });
});
