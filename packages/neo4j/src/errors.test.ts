import { describe, expect, it } from "vitest";
import { isRetryableError, Neo4jError } from "neo4j-driver";
import { HippographError } from "@hippograph/memory";
import { hostOf, isTransient, storageError, withRetry } from "./errors.js";

const neo = (code: string) => new Neo4jError("x", code, "", "");

describe("retry classification", () => {
  it("agrees with the driver's own isRetryableError, which managed transactions use", () => {
    for (const code of ["Neo.TransientError.Transaction.DeadlockDetected", "ServiceUnavailable", "Neo.ClientError.Statement.SyntaxError", "Neo.ClientError.Security.Unauthorized"]) {
      expect(isTransient(neo(code)), code).toBe(isRetryableError(neo(code)));
    }
  });

  it("transient: Neo.TransientError.*, ServiceUnavailable, SessionExpired, leader switch", () => {
    for (const code of [
      "Neo.TransientError.Transaction.DeadlockDetected", "Neo.TransientError.General.DatabaseUnavailable",
      "Neo.TransientError.Transaction.LockAcquisitionTimeout", "ServiceUnavailable", "SessionExpired", "Neo.ClientError.Cluster.NotALeader",
    ]) expect(isTransient(neo(code)), code).toBe(true);
  });

  it("not transient: client errors (syntax, auth, constraint violations, terminated by a user), database errors", () => {
    for (const code of [
      "Neo.ClientError.Statement.SyntaxError", "Neo.ClientError.Security.Unauthorized", "Neo.ClientError.Schema.ConstraintValidationFailed",
      "Neo.ClientError.Transaction.Terminated", "Neo.ClientError.Statement.ParameterMissing", "Neo.DatabaseError.General.UnknownError",
    ]) expect(isTransient(neo(code)), code).toBe(false);
    expect(isTransient(new Error("plain"))).toBe(false);
    expect(isTransient(undefined)).toBe(false);
  });

  it("our own errors are never retried (a CONFLICT raised inside a transaction fails at once)", async () => {
    let calls = 0;
    const err = await withRetry(async () => {
      calls++;
      throw storageError(new Error("x"), "bolt://h:7687", "write");
    }, { attempts: 5, baseMs: 1 }).catch((e: unknown) => e);
    expect(HippographError.isInstance(err)).toBe(true);
    expect(calls).toBe(1);
  });

  it("retries transient errors with growing backoff, up to the attempt bound", async () => {
    const waits: number[] = [];
    let calls = 0;
    const err = await withRetry(async () => {
      calls++;
      throw neo("ServiceUnavailable");
    }, { attempts: 4, baseMs: 100, sleep: async (ms) => void waits.push(ms) }).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(waits).toHaveLength(3);
    waits.forEach((w, i) => expect(w).toBeGreaterThanOrEqual(50 * 2 ** i));
    expect((err as Neo4jError).code).toBe("ServiceUnavailable");
  });
});

describe("driver errors become StorageError naming the host", () => {
  it("unreachable, wrong credentials, other", () => {
    const down = storageError(neo("ServiceUnavailable"), hostOf("neo4j://db.example:7687"), "connecting");
    expect(down.code).toBe("STORAGE");
    expect(down.message).toContain("neo4j://db.example:7687");
    expect(down.message).toContain("unreachable");
    const auth = storageError(neo("Neo.ClientError.Security.Unauthorized"), "bolt://h:7687", "connecting");
    expect(auth.message).toContain("authentication failed");
    expect(hostOf("bolt://user:secret@h:7687/x")).toBe("bolt://h:7687");
  });
});
