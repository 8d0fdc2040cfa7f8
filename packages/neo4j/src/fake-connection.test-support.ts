import type { Connection, CypherTx, Row } from "./connection.js";
import type { Statement } from "./cypher/statement.js";

/**
 * A Connection that records every statement and answers from a responder, for unit tests of
 * the store's orchestration (no server). Statements of a failed transaction stay recorded.
 */
export function fakeConnection(respond: (s: Statement) => Row[] = () => []) {
  const sent: Statement[] = [];
  let transactions = 0;
  const tx: CypherTx = {
    async run(s) {
      sent.push(s);
      return respond(s);
    },
  };
  const connection: Connection = {
    where: "bolt://fake:7687",
    read: async (work) => {
      transactions++;
      return work(tx);
    },
    write: async (work) => {
      transactions++;
      return work(tx);
    },
    close: async () => undefined,
  };
  return { connection, sent, get transactions() { return transactions; } };
}
