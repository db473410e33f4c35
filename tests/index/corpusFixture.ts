import { buildCorpus } from "../../src/corpus/loadCorpus.js";
import type { Corpus } from "../../src/corpus/types.js";

/** A small two-document corpus with headings, for the index parts' tests. */
export function smallCorpus(): Corpus {
  return buildCorpus([
    {
      name: "bridges.md",
      text: "# Bridges\n\nBridges cross rivers. Most are made of steel.\n\n## Golden Gate\n\nThe Golden Gate bridge opened in 1937. It is painted orange.\n\nFog often hides the bridge.\n\n## Tower Bridge\n\nTower Bridge crosses the Thames in London.\n",
    },
    { name: "rivers.txt", text: "---\ntitle: Rivers\n---\n\nThe Thames flows through London. Rivers carry water to the sea.\n" },
  ]);
}
