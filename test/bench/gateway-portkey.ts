/**
 * Portkey's gateway (npm `@portkey-ai/gateway`, its built `start-server.js`, run offline) as a child of the
 * benchmark that exits when its parent goes away (stdin closes), so a killed benchmark leaves no server behind:
 *   node test/bench/gateway-portkey.ts --port=PORT --headless   (Portkey reads the same arguments)
 * Requests reach an OpenAI-compatible upstream through headers: `x-portkey-provider: openai` and
 * `x-portkey-custom-host: http://127.0.0.1:PORT/v1` (127.0.0.1 is among Portkey's trusted custom hosts).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();
const require = createRequire(import.meta.url);
const pkg = require.resolve("@portkey-ai/gateway/package.json");
await import(pathToFileURL(join(dirname(pkg), "build/start-server.js")).href);
