import type { AsPlainObject } from "minisearch";
import type { Corpus, CorpusDocument, Paragraph, Sentence } from "../corpus/types.js";
import type { AliasGroup } from "./aliases.js";
import { CorpusTables } from "./CorpusTables.js";
import { resolveSearchIndexOptions, type SearchIndexOptions } from "./options.js";
import { ParagraphSearch } from "./ParagraphSearch.js";
import { SavedIndexError } from "./SavedIndexError.js";
import { SearchIndex } from "./SearchIndex.js";
import type { SentenceStatistics } from "./SentenceScorer.js";
import { runStepsAsync } from "./steps.js";
import { Vocabulary } from "./Vocabulary.js";

/**
 * A built index (its corpus included) as lines of JSON, each small enough to
 * parse within one turn of the event loop, so that the bot's main thread can
 * restore an index of any size without stalling. Lines, in order:
 *
 *   corpus · documents… · search · search-terms… · vocabulary-terms… ·
 *   vocabulary-words… · rest
 */
type Line =
  | { readonly k: "corpus"; readonly problems: Corpus["problems"]; readonly synonyms: Corpus["synonyms"]; readonly documents: number }
  | { readonly k: "documents"; readonly v: readonly CorpusDocument[] }
  | { readonly k: "search"; readonly v: Omit<AsPlainObject, "index"> }
  | { readonly k: "search-terms"; readonly v: AsPlainObject["index"] }
  | { readonly k: "vocabulary-terms"; readonly v: readonly (readonly [string, number])[] }
  | { readonly k: "vocabulary-words"; readonly v: readonly (readonly [string, string])[] }
  | {
      readonly k: "rest";
      readonly options: ReturnType<typeof resolveSearchIndexOptions>;
      readonly statistics: SentenceStatistics;
      readonly keySentences: readonly (readonly number[])[];
      readonly aliasGroups: readonly AliasGroup[];
    };

/** Characters of document text per line: about 1 ms of JSON.parse. */
const DOCUMENT_CHUNK = 256 * 1024;
const TERM_CHUNK = 5_000;
const VOCABULARY_CHUNK = 50_000;

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** A sentence's text is its paragraph's text between its offsets; it is only saved when it is not. */
function compactDocument(document: CorpusDocument): CorpusDocument {
  const paragraph = (p: Paragraph) => ({
    ...p,
    sentences: p.sentences.map((s) => (p.text.slice(s.start - p.start, s.end - p.start) === s.text ? { ...s, text: null } : s)),
  });
  return { ...document, sections: document.sections.map((section) => ({ ...section, paragraphs: section.paragraphs.map(paragraph) })) } as CorpusDocument;
}

function expandDocument(document: CorpusDocument): CorpusDocument {
  for (const section of document.sections) {
    for (const p of section.paragraphs) {
      // Assigned in place of the null, which keeps the key order (and so the corpus's JSON) as built.
      for (const s of p.sentences as { -readonly [K in keyof Sentence]: Sentence[K] | null }[]) s.text ??= p.text.slice((s.start ?? 0) - p.start, (s.end ?? 0) - p.start);
    }
  }
  return document;
}

/** The index as lines of JSON; see {@link restoreIndex}. */
export function saveIndex(index: SearchIndex): string[] {
  const lines: string[] = [];
  const put = (line: Line) => lines.push(JSON.stringify(line));
  const { corpus, parts } = index;
  put({ k: "corpus", problems: corpus.problems, synonyms: corpus.synonyms, documents: corpus.documents.length });
  let batch: CorpusDocument[] = [];
  let size = 0;
  for (const document of corpus.documents) {
    const compact = compactDocument(document);
    batch.push(compact);
    size += document.sections.reduce((sum, section) => sum + section.paragraphs.reduce((n, p) => n + p.text.length, 0), 0);
    if (size >= DOCUMENT_CHUNK) {
      put({ k: "documents", v: batch });
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) put({ k: "documents", v: batch });
  const { index: terms, ...search } = parts.paragraphSearch.toJSON();
  put({ k: "search", v: search });
  for (const chunk of chunks(terms, TERM_CHUNK)) put({ k: "search-terms", v: chunk });
  const vocabulary = parts.vocabulary.toData();
  for (const chunk of chunks(vocabulary.terms, VOCABULARY_CHUNK)) put({ k: "vocabulary-terms", v: chunk });
  for (const chunk of chunks(vocabulary.words, VOCABULARY_CHUNK)) put({ k: "vocabulary-words", v: chunk });
  put({ k: "rest", options: index.options, statistics: parts.statistics, keySentences: parts.keySentences, aliasGroups: parts.aliasGroups });
  return lines;
}

const isArray = Array.isArray;
const corrupt = (part: string, why: string) => new SavedIndexError("saved-index-corrupt", `saved index: ${part}: ${why}`, part);

/** Parses one line and checks that it is the kind of line expected there. */
function parseLine(text: string, at: number): Line {
  let line: unknown;
  try {
    line = JSON.parse(text);
  } catch {
    throw corrupt(`line ${at + 1}`, "not JSON");
  }
  const k = (line as { k?: unknown } | null)?.k;
  const v = (line as { v?: unknown }).v;
  const ok =
    (k === "corpus" && isArray((line as { problems?: unknown }).problems) && isArray((line as { synonyms?: unknown }).synonyms)) ||
    ((k === "documents" || k === "search-terms" || k === "vocabulary-terms" || k === "vocabulary-words") && isArray(v)) ||
    (k === "search" && typeof v === "object" && v !== null) ||
    (k === "rest" && typeof (line as { statistics?: unknown }).statistics === "object" && isArray((line as { keySentences?: unknown }).keySentences) && isArray((line as { aliasGroups?: unknown }).aliasGroups));
  if (!ok) throw corrupt(`line ${at + 1}`, `unexpected ${typeof k === "string" ? `"${k}" line` : "line"}`);
  return line as Line;
}

/**
 * Restores an index saved by {@link saveIndex}, giving the event loop a turn
 * between lines and between chunks of work, so a large index restores
 * without stalling the thread.
 *
 * Nothing in it is trusted: every line is checked for its shape, the parts
 * for agreeing with each other, and the options for being the ones asked for.
 *
 * @throws SavedIndexError `saved-index-corrupt` for anything malformed,
 * `saved-index-stale` when it was built with other index options
 */
export async function restoreIndex(lines: Iterable<string>, options: SearchIndexOptions = {}): Promise<SearchIndex> {
  try {
    return await restore(lines, options);
  } catch (error) {
    if (error instanceof SavedIndexError) throw error;
    throw corrupt("parts", error instanceof Error ? error.message : String(error));
  }
}

async function restore(lines: Iterable<string>, options: SearchIndexOptions): Promise<SearchIndex> {
  const resolved = resolveSearchIndexOptions(options);
  let head: Extract<Line, { k: "corpus" }> | undefined;
  let search: Omit<AsPlainObject, "index"> | undefined;
  let rest: Extract<Line, { k: "rest" }> | undefined;
  const documents: CorpusDocument[] = [];
  const terms: AsPlainObject["index"] = [];
  const vocabularyTerms: (readonly [string, number])[] = [];
  const vocabularyWords: (readonly [string, string])[] = [];
  let at = 0;
  for (const text of lines) {
    const line = parseLine(text, at);
    if (at === 0 && line.k !== "corpus") throw corrupt("line 1", "does not start with the corpus");
    if (rest) throw corrupt(`line ${at + 1}`, "more lines after the last");
    switch (line.k) {
      case "corpus":
        if (head) throw corrupt(`line ${at + 1}`, "a second corpus");
        head = line;
        break;
      case "documents":
        for (const document of line.v) documents.push(expandDocument(document));
        break;
      case "search":
        search = line.v;
        break;
      case "search-terms":
        for (const entry of line.v) terms.push(entry);
        break;
      case "vocabulary-terms":
        for (const entry of line.v) vocabularyTerms.push(entry);
        break;
      case "vocabulary-words":
        for (const entry of line.v) vocabularyWords.push(entry);
        break;
      case "rest":
        rest = line;
        break;
    }
    at++;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (!head || !search || !rest) throw corrupt("end", "lines missing (cut short?)");
  if (documents.length !== head.documents) throw corrupt("documents", `${documents.length} documents, ${head.documents} expected`);
  if (JSON.stringify(rest.options) !== JSON.stringify(resolved)) {
    throw new SavedIndexError("saved-index-stale", "saved index: built with other index options", "options");
  }
  const corpus: Corpus = { documents, problems: head.problems, synonyms: head.synonyms };
  const tables = await runStepsAsync(CorpusTables.steps(corpus));
  if (rest.keySentences.length !== tables.sections.length) throw corrupt("keySentences", "one list per section expected");
  if (search.documentCount !== tables.paragraphs.length) throw corrupt("search", "not one entry per paragraph");
  const vocabulary = await runStepsAsync(Vocabulary.stepsFromData({ terms: vocabularyTerms, words: vocabularyWords }));
  const paragraphSearch = await ParagraphSearch.load({ ...search, index: terms } as AsPlainObject, resolved);
  return new SearchIndex(corpus, resolved, {
    tables,
    paragraphSearch,
    vocabulary,
    statistics: rest.statistics,
    keySentences: rest.keySentences,
    aliasGroups: rest.aliasGroups,
  });
}
