/**
 * Fetches every web source listed in the corpus folder's sources.yaml now,
 * and prints what came of each.
 *
 *   npm run fetch-sources [-- --corpus DIR]
 *
 * Exit code 0 when every source was fetched (or had not changed), 1 otherwise.
 */
import { fetchSources } from "../sources/fetchSources.js";
import { PoliteFetcher } from "../sources/PoliteFetcher.js";
import { SOURCES_FILE } from "../sources/sourcesFile.js";
import { sourcesSettings } from "../sources/sourcesSettings.js";
import { parseCliArgs } from "./args.js";
import { runCli } from "./runCli.js";

const USAGE = `Usage: npm run fetch-sources [-- --corpus DIR]
Fetches the web sources listed in DIR/${SOURCES_FILE} into the cache (CACHE_DIR).`;

await runCli(async () => {
  const { values, corpusDir } = parseCliArgs(process.argv.slice(2));
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const { cacheDir, allowPrivate } = sourcesSettings();
  const fetcher = new PoliteFetcher({ allowPrivate });
  const reports = await fetchSources(corpusDir, cacheDir, fetcher, { force: true }).finally(() => fetcher.close());
  if (reports.length === 0) {
    console.log(`No web sources: ${corpusDir}/${SOURCES_FILE} lists none.`);
    return 0;
  }
  const rows = [
    ["URL", "status", "documents", "changed"],
    ...reports.map((r) => [r.url, r.error ? `${r.result}: ${r.error}` : r.result, String(r.documents), r.changed ? "yes" : "no"]),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  for (const row of rows) console.log(row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column] ?? 0) : cell)).join("  "));
  return reports.every((report) => report.result !== "failed") ? 0 : 1;
}, USAGE);
