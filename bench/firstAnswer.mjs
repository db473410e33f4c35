// Process start to first answer through the living service, for the cold-start bench:
//   node [--import tsx] bench/firstAnswer.mjs <ServiceHolder module> <corpus dir> <cache dir> <question>
// Prints the answer as one JSON line as soon as it has one, then exits.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [modulePath = "", corpusDir = "", cacheDir = "", question = ""] = process.argv.slice(2);
const { ServiceHolder } = await import(pathToFileURL(resolve(modulePath)).href);
const quiet = () => undefined;
const logger = { info: quiet, warn: quiet, error: quiet, debug: quiet, fatal: quiet, trace: quiet };
const holder = await ServiceHolder.create({ corpusDir, cacheDir, logger, watch: false });
process.stdout.write(`${JSON.stringify(holder.current.ask(question))}\n`);
await holder.close();
