/**
 * Exports what moderators taught as a Markdown corpus file:
 *
 *   npm run export-taught -- [--out FILE]
 *
 * To standard output, or to FILE. Reads the bot's configuration (DATA_DIR,
 * STORE_URL…), so it finds the database the bot writes.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { taughtToMarkdown } from "../export/taughtMarkdown.js";
import { createLogger } from "../logger.js";
import { openStore } from "../store/index.js";
import { runCli } from "./runCli.js";
import { storeOptions } from "./storeOptions.js";
import { configSecrets, readConfig } from "../config/readConfig.js";

const USAGE = "Usage: npm run export-taught -- [--out FILE]";

await runCli(async () => {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { out: { type: "string" }, help: { type: "boolean", short: "h" } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = readConfig();
  const store = await openStore({ ...storeOptions(config), pruneEveryMs: 0, logger: createLogger(config.logLevel ?? "warn", configSecrets(config)) });
  try {
    const entries = await store.teaching.listTaught();
    const markdown = taughtToMarkdown(entries);
    if (!values.out) {
      process.stdout.write(markdown);
      return 0;
    }
    const out = resolve(values.out);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, markdown);
    console.error(`Wrote ${entries.length} taught answers to ${out}.`);
    return 0;
  } finally {
    await store.close();
  }
}, USAGE);
