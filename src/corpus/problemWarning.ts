import type { CorpusProblem } from "./types.js";

/** The warning to log for a corpus problem: names the file, and says whether it was skipped. */
export function problemWarning(problem: CorpusProblem): string {
  return problem.loaded ? `${problem.file}: ${problem.message}` : `skipped ${problem.file}: ${problem.message}`;
}
