import { execFile, spawn } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BENCH_CACHE } from "./corpusFolder.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Wall time from spawning `args` to the first line it prints, in ms. */
function untilFirstLine(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    let answered: number | undefined;
    child.stdout.once("data", () => (answered = performance.now() - started));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => (answered !== undefined ? resolve(answered) : reject(new Error(`first answer failed (${code}): ${stderr.slice(0, 500)}`))));
  });
}

export interface SavedColdStart {
  /** Through tsx, as `npm start`. */
  readonly tsxMs: number;
  /** Compiled (`npm run build`, `node dist/...`). */
  readonly compiledMs?: number;
  /** The first start, which builds and saves the index. */
  readonly buildingMs: number;
}

async function compiled(): Promise<string | undefined> {
  const out = join(BENCH_CACHE, "dist");
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", out], { cwd: ROOT }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    return join(out, "service/ServiceHolder.js");
  } catch {
    return undefined;
  }
}

/**
 * Process start to the first answer through ServiceHolder, with the index
 * already saved: the first run builds and saves it, the next `runs` load it
 * (median). Through tsx and compiled.
 */
export async function savedColdStart(corpusDir: string, name: string, question: string, runs = 3): Promise<SavedColdStart> {
  const cacheDir = join(BENCH_CACHE, `index-cache-${name}`);
  await rm(cacheDir, { recursive: true, force: true });
  const child = (module: string, typescript: boolean) => [
    ...(typescript ? ["--import", "tsx"] : []),
    "bench/firstAnswer.mjs",
    module,
    corpusDir,
    cacheDir,
    question,
  ];
  const median = async (args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push(await untilFirstLine(args));
    return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? 0;
  };
  const buildingMs = await untilFirstLine(child("src/service/ServiceHolder.ts", true));
  const tsxMs = await median(child("src/service/ServiceHolder.ts", true));
  const module = await compiled();
  const compiledMs = module ? await median(child(module, false)) : undefined;
  return { tsxMs, buildingMs, ...(compiledMs !== undefined ? { compiledMs } : {}) };
}
