/**
 * The emulator as its own process:
 *   node --import tsx/esm --conditions=source test/gateway/emulator/main.ts --port 0 --replicas 4 [--profile JSON] [--profiles JSON-array]
 * Prints one JSON line `{ "ready": true, "pid", "urls": [...], "origins": [...] }` on stdout, then serves until
 * SIGTERM/SIGINT or stdin closes (so it never outlives the process that started it).
 */
import { parseArgs } from "node:util";
import { startEmulator, type ProfileInput } from "./index.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    replicas: { type: "string", default: "1" },
    host: { type: "string", default: "127.0.0.1" },
    profile: { type: "string" },
    profiles: { type: "string" },
    "exit-on-stdin-close": { type: "boolean", default: false },
  },
});

const profile: ProfileInput | ProfileInput[] | undefined =
  values.profiles !== undefined ? (JSON.parse(values.profiles) as ProfileInput[]) : values.profile !== undefined ? (JSON.parse(values.profile) as ProfileInput) : undefined;
const emu = await startEmulator({ replicas: Number(values.replicas), port: Number(values.port), host: values.host, ...(profile !== undefined ? { profile } : {}) });
process.stdout.write(JSON.stringify({ ready: true, pid: process.pid, urls: emu.urls, origins: emu.replicas.map((r) => r.origin) }) + "\n");

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  void emu.close().then(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
if (values["exit-on-stdin-close"]) {
  process.stdin.on("end", shutdown);
  process.stdin.on("close", shutdown);
  process.stdin.resume();
}
