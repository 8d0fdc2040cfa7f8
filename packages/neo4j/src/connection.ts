import neo4j, { type Driver, type ManagedTransaction } from "neo4j-driver";
import { ClosedError } from "@hippograph/memory";
import type { Statement } from "./cypher/statement.js";
import { hostOf, storageError, withRetry } from "./errors.js";

/** One row of a result, by column name (integers arrive as JS numbers: lossless integers are off). */
export type Row = Record<string, unknown>;

/** What the stores need of a transaction; a test fake implements just this. */
export interface CypherTx {
  run(statement: Statement): Promise<Row[]>;
}

/** Managed read and write transactions; `where` names the server for error messages. */
export interface Connection {
  readonly where: string;
  read<T>(work: (tx: CypherTx) => Promise<T>): Promise<T>;
  write<T>(work: (tx: CypherTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DriverOptions {
  uri: string;
  user: string;
  password: string;
  database?: string;
  maxConnectionPoolSize?: number;
  connectionTimeoutMs?: number;
  /** How long the driver keeps retrying a transaction that failed transiently (deadlock, leader switch, 503). */
  maxTransactionRetryTimeMs?: number;
  /** Server-side limit per transaction; unset leaves the server's default. */
  transactionTimeoutMs?: number;
  /** Start-up connectivity attempts before giving up with a StorageError (never retried forever). */
  connectAttempts?: number;
}

function wrap(tx: ManagedTransaction): CypherTx {
  return {
    async run(s) {
      const result = await tx.run(s.text, s.params);
      return result.records.map((r) => r.toObject() as Row);
    },
  };
}

/** A neo4j-driver backed Connection. Verifies connectivity (bounded retries) before returning. */
export async function connect(o: DriverOptions): Promise<Connection> {
  const where = hostOf(o.uri);
  const driver: Driver = neo4j.driver(o.uri, neo4j.auth.basic(o.user, o.password), {
    maxConnectionPoolSize: o.maxConnectionPoolSize ?? 50,
    connectionTimeout: o.connectionTimeoutMs ?? 10_000,
    connectionAcquisitionTimeout: Math.max(o.connectionTimeoutMs ?? 10_000, 30_000),
    maxTransactionRetryTime: o.maxTransactionRetryTimeMs ?? 15_000,
    disableLosslessIntegers: true,
    userAgent: "hippograph-neo4j/0.1",
  });
  try {
    await withRetry(() => driver.verifyConnectivity(o.database ? { database: o.database } : {}), { attempts: o.connectAttempts ?? 3, baseMs: 250 });
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw storageError(error, where, "connecting");
  }
  let closed = false;
  const txConfig = o.transactionTimeoutMs !== undefined ? { timeout: o.transactionTimeoutMs } : {};
  const run = async <T>(mode: "READ" | "WRITE", work: (tx: CypherTx) => Promise<T>): Promise<T> => {
    if (closed) throw new ClosedError(`neo4j connection to ${where}`);
    const session = driver.session({ defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE, ...(o.database ? { database: o.database } : {}) });
    try {
      // Managed transactions: the driver retries the whole function on transient errors, with backoff.
      return mode === "READ"
        ? await session.executeRead((tx) => work(wrap(tx)), txConfig)
        : await session.executeWrite((tx) => work(wrap(tx)), txConfig);
    } catch (error) {
      throw storageError(error, where, mode === "READ" ? "read" : "write");
    } finally {
      await session.close();
    }
  };
  return {
    where,
    read: (work) => run("READ", work),
    write: (work) => run("WRITE", work),
    async close() {
      if (closed) return;
      closed = true;
      await driver.close();
    },
  };
}
