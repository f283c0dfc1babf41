// Starts the bridge Worker (worker.js) under miniflare on a free 127.0.0.1
// port with an in-memory KV namespace bound as KV, prints one JSON line
// {"url": "http://127.0.0.1:PORT/"} on stdout, and runs until stdin closes
// or it receives SIGTERM/SIGINT. The token, when wanted, comes from the
// KVCHAOS_BRIDGE_TOKEN environment variable (never from argv, so it does
// not show in process listings).
import { Miniflare } from "miniflare";
import { fileURLToPath } from "node:url";

const token = process.env.KVCHAOS_BRIDGE_TOKEN ?? "";
const mf = new Miniflare({
  modules: true,
  scriptPath: fileURLToPath(new URL("./worker.js", import.meta.url)),
  compatibilityDate: "2026-04-01",
  kvNamespaces: ["KV"],
  bindings: token ? { TOKEN: token } : {},
  host: "127.0.0.1",
  port: 0,
});

const url = await mf.ready;
process.stdout.write(JSON.stringify({ url: url.toString() }) + "\n");

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await mf.dispose();
  process.exit(0);
}
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
