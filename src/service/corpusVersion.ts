import { createHash } from "node:crypto";
import type { AnswerServiceOptions } from "../answer/AnswerService.js";
import type { SourceFile } from "../corpus/loadCorpus.js";
import { ANALYZER_VERSION } from "../index/options.js";

/** What a corpus version is computed from. */
export interface VersionInput {
  /** The corpus folder's document files, as read. */
  readonly files: readonly SourceFile[];
  readonly synonyms: readonly (readonly string[])[];
  /** In-memory documents added to the corpus (taught answers). */
  readonly extraFiles: readonly SourceFile[];
  /** The service's options, every default filled in. */
  readonly options: Required<AnswerServiceOptions>;
}

const byName = (a: SourceFile, b: SourceFile) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Identifies what answers: a hash of every corpus file's name and bytes, the
 * synonyms, the in-memory files, the analyser version and the resolved
 * options. Equal versions answer every question the same, so it also keys
 * the saved index. 16 hex digits: short enough to show, long enough never to
 * collide between the versions of one corpus.
 */
export function corpusVersion(input: VersionInput): string {
  const hash = createHash("sha256");
  const field = (value: string | Uint8Array) => {
    const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    // Length-prefixed, so no two different inputs run together into the same bytes.
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  };
  field(ANALYZER_VERSION);
  field(JSON.stringify(input.options));
  field(JSON.stringify(input.synonyms));
  for (const [kind, files] of [
    ["file", input.files],
    ["extra", input.extraFiles],
  ] as const) {
    for (const file of [...files].sort(byName)) {
      field(kind);
      field(file.name);
      field(file.text);
    }
  }
  return hash.digest("hex").slice(0, 16);
}
