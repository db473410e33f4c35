import { readFile } from "node:fs/promises";
import { parseYaml } from "./parseYaml.js";
import { z } from "zod";
import { CorpusError } from "./CorpusError.js";

/** Name of the operator-editable synonyms file inside the corpus folder. */
export const SYNONYMS_FILE = "synonyms.yaml";

const schema = z.array(z.array(z.string().trim().min(1)).min(2, "each group needs at least two entries"));

/**
 * Parses synonyms: a YAML list of groups, each a list of words or phrases
 * that mean the same thing in this corpus, e.g. `- [US, United States, Washington]`.
 */
export function parseSynonyms(text: string, file = SYNONYMS_FILE): string[][] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new CorpusError("synonyms-invalid", `${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}`, file);
  }
  const result = schema.safeParse(raw ?? []);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `entry ${issue.path.map((p) => Number(p) + 1).join(", item ")}` : "the file";
    throw new CorpusError(
      "synonyms-invalid",
      `${file}: ${where}: ${issue?.message ?? "invalid"} (expected a list of groups like "- [US, United States]")`,
      file,
    );
  }
  return result.data;
}

/** Reads the synonyms file; a missing file means no synonyms. */
export async function readSynonyms(path: string): Promise<string[][]> {
  const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return text === undefined ? [] : parseSynonyms(text, path);
}
