import type { Corpus, CorpusDocument, Paragraph, Sentence } from "../corpus/types.js";
import type { AliasGroup } from "./aliases.js";
import { CorpusTables } from "./CorpusTables.js";
import { resolveSearchIndexOptions, type SearchIndexOptions } from "./options.js";
import { PARAGRAPH_FIELDS, ParagraphSearch, type FieldPostings } from "./ParagraphSearch.js";
import { SavedIndexError } from "./SavedIndexError.js";
import { SearchIndex } from "./SearchIndex.js";
import type { SentenceStatistics } from "./SentenceScorer.js";
import { runStepsAsync, type Steps } from "./steps.js";
import { Vocabulary } from "./Vocabulary.js";

/**
 * A built index (its corpus included) as lines of JSON, each small enough to
 * parse within one turn of the event loop, so that the bot's main thread can
 * restore an index of any size without stalling. Lines, in order:
 *
 *   corpus · (documents | document · paragraphs…)… · search · search-terms… ·
 *   search-array… · vocabulary-terms… · vocabulary-words… · rest
 *
 * Small documents are saved whole, several to a `documents` line; a large
 * one (a file of megabytes) as a `document` line without its paragraphs,
 * then `paragraphs` lines holding them in order, each with its section.
 *
 * The paragraph index's postings are typed arrays, saved as base64 in
 * pieces (`search-array` lines) and restored without parsing numbers.
 */
type Line =
  | { readonly k: "corpus"; readonly problems: Corpus["problems"]; readonly synonyms: Corpus["synonyms"]; readonly documents: number }
  | { readonly k: "documents"; readonly v: readonly CorpusDocument[] }
  | { readonly k: "document"; readonly v: CorpusDocument }
  | { readonly k: "paragraphs"; readonly v: readonly (readonly [number, Paragraph])[] }
  | { readonly k: "search"; readonly documentCount: number; readonly terms: number; readonly averages: readonly number[]; readonly littleEndian: boolean }
  | { readonly k: "search-terms"; readonly v: readonly string[] }
  | { readonly k: "search-array"; readonly field: number; readonly name: ArrayName; readonly v: string }
  | { readonly k: "vocabulary-terms"; readonly v: readonly (readonly [string, number])[] }
  | { readonly k: "vocabulary-words"; readonly v: readonly (readonly [string, string])[] }
  | {
      readonly k: "rest";
      readonly options: ReturnType<typeof resolveSearchIndexOptions>;
      readonly statistics: SentenceStatistics;
      readonly keySentences: readonly (readonly number[])[];
      readonly aliasGroups: readonly AliasGroup[];
    };

/**
 * Line sizes, each a few milliseconds of JSON.parse: characters of document
 * text, postings (a term's entries across paragraphs and fields), and
 * vocabulary entries. Search terms are cut by postings, not terms: one
 * common word can be in every paragraph.
 */
const DOCUMENT_CHUNK = 64 * 1024;
const TERM_CHUNK = 20_000;
const ARRAY_CHUNK_BYTES = 256 * 1024;
const VOCABULARY_CHUNK = 10_000;

/** Postings checked between two turns of the event loop. */
const CHECK_CHUNK = 500_000;

type ArrayName = "lengths" | "offsets" | "docs" | "frequencies";
const ARRAY_NAMES: readonly ArrayName[] = ["lengths", "offsets", "docs", "frequencies"];
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Sentences are saved as `[start, end]`, their position giving their index:
 * a sentence's text is its paragraph's text between its offsets, so it is
 * only saved (`[start, end, text]`) when it is not. Numbers in arrays parse
 * several times faster than objects with keys.
 */
type SavedSentence = [number, number] | [number, number, string];

function compactDocument(document: CorpusDocument): CorpusDocument {
  const paragraph = (p: Paragraph) => ({
    ...p,
    sentences: p.sentences.map((s): SavedSentence =>
      p.text.slice(s.start - p.start, s.end - p.start) === s.text ? [s.start, s.end] : [s.start, s.end, s.text],
    ),
  });
  return {
    ...document,
    sections: document.sections.map((section) => ({ ...section, paragraphs: section.paragraphs.map(paragraph) })),
  } as unknown as CorpusDocument;
}

function expandDocument(document: CorpusDocument): CorpusDocument {
  for (const section of document.sections) for (const p of section.paragraphs) expandParagraph(p);
  return document;
}

function expandParagraph(paragraph: Paragraph): Paragraph {
  const p = paragraph as unknown as { text: string; start: number; sentences: unknown[] };
  p.sentences = (p.sentences as SavedSentence[]).map(([start, end, text], index): Sentence => {
    if (typeof start !== "number" || typeof end !== "number") throw corrupt("documents", "a sentence without offsets");
    // Keys in the order the corpus parser writes them, so the corpus's JSON is the same as built.
    return { index, text: text ?? p.text.slice(start - p.start, end - p.start), start, end };
  });
  return paragraph;
}

const textSize = (paragraphs: readonly Paragraph[]) => paragraphs.reduce((n, p) => n + p.text.length, 0);

/** A large document: its head (sections without paragraphs), then its paragraphs a chunk at a time. */
function* splitDocument(compact: CorpusDocument): Generator<Line> {
  yield { k: "document", v: { ...compact, sections: compact.sections.map((section) => ({ ...section, paragraphs: [] })) } };
  let batch: [number, Paragraph][] = [];
  let size = 0;
  for (const [position, section] of compact.sections.entries()) {
    for (const paragraph of section.paragraphs) {
      batch.push([position, paragraph]);
      size += paragraph.text.length;
      if (size >= DOCUMENT_CHUNK) {
        yield { k: "paragraphs", v: batch };
        batch = [];
        size = 0;
      }
    }
  }
  if (batch.length > 0) yield { k: "paragraphs", v: batch };
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
    const documentSize = document.sections.reduce((sum, section) => sum + textSize(section.paragraphs), 0);
    if (documentSize > DOCUMENT_CHUNK) {
      // On one line, a document of megabytes would take the main thread seconds to parse.
      if (batch.length > 0) put({ k: "documents", v: batch });
      batch = [];
      size = 0;
      for (const line of splitDocument(compact)) put(line);
      continue;
    }
    batch.push(compact);
    size += documentSize;
    if (size >= DOCUMENT_CHUNK) {
      put({ k: "documents", v: batch });
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) put({ k: "documents", v: batch });
  const search = parts.paragraphSearch.toData();
  put({
    k: "search",
    documentCount: search.documentCount,
    terms: search.terms.length,
    averages: search.fields.map((field) => field.average),
    littleEndian: LITTLE_ENDIAN,
  });
  for (const chunk of chunks(search.terms, TERM_CHUNK)) put({ k: "search-terms", v: chunk });
  search.fields.forEach((field, f) => {
    for (const name of ARRAY_NAMES) {
      const array = field[name];
      const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
      for (let at = 0; at < bytes.length || at === 0; at += ARRAY_CHUNK_BYTES) {
        put({ k: "search-array", field: f, name, v: bytes.subarray(at, at + ARRAY_CHUNK_BYTES).toString("base64") });
      }
    }
  });
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
    (k === "document" && isArray((v as { sections?: unknown } | null)?.sections)) ||
    ((k === "documents" || k === "paragraphs" || k === "search-terms" || k === "vocabulary-terms" || k === "vocabulary-words") && isArray(v)) ||
    (k === "search" && typeof (line as { documentCount?: unknown }).documentCount === "number" && isArray((line as { averages?: unknown }).averages)) ||
    (k === "search-array" &&
      typeof v === "string" &&
      ARRAY_NAMES.includes((line as { name?: ArrayName }).name as ArrayName) &&
      typeof (line as { field?: unknown }).field === "number") ||
    (k === "rest" &&
      typeof (line as { statistics?: unknown }).statistics === "object" &&
      isArray((line as { keySentences?: unknown }).keySentences) &&
      isArray((line as { aliasGroups?: unknown }).aliasGroups));
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
  let search: Extract<Line, { k: "search" }> | undefined;
  let rest: Extract<Line, { k: "rest" }> | undefined;
  const documents: CorpusDocument[] = [];
  const terms: string[] = [];
  const arrays = new Map<string, Buffer[]>();
  const vocabularyTerms: (readonly [string, number])[] = [];
  const vocabularyWords: (readonly [string, string])[] = [];
  let at = 0;
  /** The large document whose paragraphs are being read. */
  let open: CorpusDocument | undefined;
  for (const text of lines) {
    const line = parseLine(text, at);
    if (at === 0 && line.k !== "corpus") throw corrupt("line 1", "does not start with the corpus");
    if (rest) throw corrupt(`line ${at + 1}`, "more lines after the last");
    if (line.k !== "paragraphs") open = undefined;
    switch (line.k) {
      case "corpus":
        if (head) throw corrupt(`line ${at + 1}`, "a second corpus");
        head = line;
        break;
      case "documents":
        for (const document of line.v) documents.push(expandDocument(document));
        break;
      case "document":
        for (const section of line.v.sections)
          if (!isArray(section?.paragraphs) || section.paragraphs.length > 0) throw corrupt(`line ${at + 1}`, "a document head with paragraphs");
        open = line.v;
        documents.push(open);
        break;
      case "paragraphs":
        if (!open) throw corrupt(`line ${at + 1}`, "paragraphs without their document");
        for (const [section, paragraph] of line.v) {
          const paragraphs = open.sections[section]?.paragraphs as Paragraph[] | undefined;
          if (!paragraphs || typeof paragraph?.text !== "string" || !isArray(paragraph.sentences)) throw corrupt(`line ${at + 1}`, "a paragraph out of place");
          paragraphs.push(expandParagraph(paragraph));
        }
        break;
      case "search":
        search = line;
        break;
      case "search-terms":
        for (const term of line.v) terms.push(term);
        break;
      case "search-array": {
        const key = `${line.field}.${line.name}`;
        const pieces = arrays.get(key) ?? [];
        pieces.push(Buffer.from(line.v, "base64"));
        arrays.set(key, pieces);
        break;
      }
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
  if (search.littleEndian !== LITTLE_ENDIAN) throw new SavedIndexError("saved-index-stale", "saved index: saved on a machine of other byte order", "search");
  const fields: FieldPostings[] = [];
  for (let f = 0; f < PARAGRAPH_FIELDS.length; f++)
    fields.push(await runStepsAsync(postingsSteps(arrays, f, search.averages[f], search.documentCount, terms.length)));
  const vocabulary = await runStepsAsync(Vocabulary.stepsFromData({ terms: vocabularyTerms, words: vocabularyWords }));
  const paragraphSearch = await runStepsAsync(ParagraphSearch.stepsFromData({ documentCount: search.documentCount, terms, fields }, resolved));
  return new SearchIndex(corpus, resolved, {
    tables,
    paragraphSearch,
    vocabulary,
    statistics: rest.statistics,
    keySentences: rest.keySentences,
    aliasGroups: rest.aliasGroups,
  });
}

/** One field's postings from its saved pieces, checked: right lengths, offsets in order, paragraphs in range. */
function* postingsSteps(
  arrays: ReadonlyMap<string, Buffer[]>,
  field: number,
  average: number | undefined,
  documentCount: number,
  termCount: number,
): Steps<FieldPostings> {
  function* array(name: ArrayName, length?: number): Steps<Uint32Array> {
    const pieces = arrays.get(`${field}.${name}`) ?? [];
    const bytes = pieces.reduce((sum, piece) => sum + piece.length, 0);
    if (bytes % 4 !== 0 || (length !== undefined && bytes !== length * 4)) throw corrupt(`search ${name}`, "wrong length");
    // Copied into an array of its own, piece by piece: decoded pieces need not be aligned for 32-bit reads.
    const out = new Uint32Array(bytes / 4);
    const view = new Uint8Array(out.buffer);
    let at = 0;
    for (const piece of pieces) {
      view.set(piece, at);
      at += piece.length;
      yield;
    }
    return out;
  }
  const lengths = yield* array("lengths", documentCount);
  const offsets = yield* array("offsets", termCount + 1);
  const docs = yield* array("docs");
  const frequencies = yield* array("frequencies", docs.length);
  for (let from = 0; from < termCount; from += CHECK_CHUNK) {
    for (let t = from; t < Math.min(termCount, from + CHECK_CHUNK); t++) {
      if ((offsets[t] as number) > (offsets[t + 1] as number)) throw corrupt("search offsets", "out of order");
    }
    yield;
  }
  if (offsets[termCount] !== docs.length) throw corrupt("search offsets", "do not cover the postings");
  for (let from = 0; from < docs.length; from += CHECK_CHUNK) {
    for (let i = from; i < Math.min(docs.length, from + CHECK_CHUNK); i++) {
      if ((docs[i] as number) >= documentCount) throw corrupt("search docs", "a paragraph out of range");
    }
    yield;
  }
  if (typeof average !== "number" || !Number.isFinite(average)) throw corrupt("search", "no field length average");
  return { average, lengths, offsets, docs, frequencies };
}
