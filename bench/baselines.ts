import lunr from "lunr";
import MiniSearch from "minisearch";
import type { SearchIndex } from "../src/index/SearchIndex.js";

/** What a baseline returns as its top hit: the chunk text and where it is. */
export interface BaselineHit {
  readonly text: string;
  readonly documentId: string;
  /** Paragraph number within the document, from 1. */
  readonly paragraph: number;
}

export interface Baseline {
  readonly name: string;
  top(question: string): BaselineHit | undefined;
  /** The raw library search, for timing. */
  search(question: string): unknown;
}

export type Granularity = "paragraphs" | "sentences";

/** The chunks a baseline indexes, taken from the same corpus the system loaded. */
function chunks(index: SearchIndex, granularity: Granularity): BaselineHit[] {
  return granularity === "paragraphs"
    ? index.paragraphs.map((ref) => ({ text: ref.paragraph.text, documentId: ref.document.id, paragraph: ref.paragraph.index + 1 }))
    : index.sentences.map((ref) => ({ text: ref.sentence.text, documentId: ref.document.id, paragraph: ref.paragraph.index + 1 }));
}

/** MiniSearch with default options: what a user would try first. */
export function miniSearchBaseline(index: SearchIndex, granularity: Granularity): Baseline {
  const docs = chunks(index, granularity);
  const search = new MiniSearch({ fields: ["text"] });
  search.addAll(docs.map((doc, id) => ({ id, text: doc.text })));
  return {
    name: `MiniSearch defaults, ${granularity}`,
    top: (question) => {
      const hit = search.search(question)[0];
      return hit ? docs[hit.id as number] : undefined;
    },
    search: (question) => search.search(question),
  };
}

/** lunr with its default English pipeline (stemmer, stopwords). */
export function lunrBaseline(index: SearchIndex, granularity: Granularity): Baseline {
  const docs = chunks(index, granularity);
  const search = lunr(function () {
    this.ref("id");
    this.field("text");
    docs.forEach((doc, id) => this.add({ id: String(id), text: doc.text }));
  });
  // lunr reads ":", "^", "~", "+", "-" and "*" as query syntax; a question is plain words.
  const plain = (question: string) => question.replace(/[^\p{L}\p{N}\s]/gu, " ");
  return {
    name: `lunr defaults, ${granularity}`,
    top: (question) => {
      const hit = search.search(plain(question))[0];
      return hit ? docs[Number(hit.ref)] : undefined;
    },
    search: (question) => search.search(plain(question)),
  };
}
