import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Wall time of one process that loads the article corpus and prints one answer, in ms (median of `runs`). */
async function time(args: string[], runs = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, CORPUS_DIR: "" } }, (error) => (error ? reject(error) : resolve())),
    );
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

export interface ColdStart {
  /** Running the TypeScript sources through tsx, as `npm run ask` does. */
  readonly tsxMs: number;
  /** Running the compiled output (`npm run build`), as a production deployment would. */
  readonly compiledMs?: number;
}

/** Process start to the first answer printed, for the article corpus; no network. */
export async function coldStart(): Promise<ColdStart> {
  // The corpus is named explicitly: the compiled copy lives in bench/.cache, where the default path does not point.
  const question = ["--corpus", "corpus", "--json", "What is the ISF?"];
  const tsxMs = await time(["--import", "tsx", "src/cli/ask.ts", ...question]);
  let compiledMs: number | undefined;
  try {
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", "bench/.cache/dist"], { cwd: ROOT }, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
    compiledMs = await time(["bench/.cache/dist/cli/ask.js", ...question]);
  } catch {
    compiledMs = undefined;
  }
  return { tsxMs, ...(compiledMs !== undefined ? { compiledMs } : {}) };
}
