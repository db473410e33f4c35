import { createHash } from "node:crypto";
import { loadCorpus } from "../corpus/loadCorpus.js";
import { slugify } from "../corpus/slugify.js";
import type { Corpus, CorpusDocument, Section } from "../corpus/types.js";
import { ANALYZER_VERSION, DEFAULT_SEARCH_INDEX_OPTIONS } from "../index/options.js";
import { SearchIndex, type SearchIndexOptions, type SentenceRef } from "../index/SearchIndex.js";
import { withDefaults } from "../withDefaults.js";
import { analyze } from "../index/analyzer.js";
import { analyzeQuestion, type AnalyzedQuestion } from "./analyzeQuestion.js";
import { buildSnippet, DEFAULT_SNIPPET_OPTIONS, type SnippetOptions } from "./buildSnippet.js";
import { citationOf, quoteText } from "./citation.js";
import { aliasesOf, answerCoverage, checkCoverage, DEFAULT_COVERAGE_OPTIONS, unknownShare, type CoverageOptions } from "./checkCoverage.js";
import { asksAboutNow, orderByDate } from "./dateOrder.js";
import { answersAsked, askedFor, type AskedFor } from "./chat/answerFit.js";
import { indexLexicon } from "./chat/indexLexicon.js";
import { readMessage, type Lexicon, type MessageReading, type ReadOptions } from "./chat/readMessage.js";
import { askedSubject, askedThing } from "./askedThing.js";
import { CONFIDENCE_FEATURES, confidenceOf, type ConfidenceSigns } from "./confidence.js";
import { normalizeQuestion } from "./normalizeQuestion.js";
import { checkModel, DEFAULT_MODEL, passesJudges, pickFeatures, scoreSentences, type AnswerModel } from "./scoring/AnswerModel.js";
import { planSummary } from "./summarize.js";
import type { Answer, Refusal, Snippet, SourceInfo, Summary, Timeline, WhatsNew } from "./types.js";

/** Points in a timeline: a story's milestones fit, a screenful on every platform. */
const DEFAULT_TIMELINE_LENGTH = 20;

export interface AnswerServiceOptions extends SearchIndexOptions, SnippetOptions, CoverageOptions {
  /**
   * Most snippets in one answer.
   * @default 3: enough to show agreement or a second angle, short enough for chat
   */
  readonly maxSnippets?: number;
  /**
   * Snippets scoring below this share of the best one are dropped.
   * @default 0.6, so weak extra matches do not dilute a clear answer
   */
  readonly minRelativeScore?: number;
  /**
   * Longest question accepted, in characters.
   * @default 1000: longer text is a pasted document, not a question
   */
  readonly maxQuestionLength?: number;
  /**
   * Most characters of quoted text in a topic command's answer (`/isf`):
   * its sections' two key sentences each, in reading order.
   * @default 600: two sentences of a snippet's usual length. Separate from
   * `maxLength`, which bounds one snippet of an answer to a question.
   */
  readonly topicLength?: number;
  /**
   * The answer scorer: orders candidate sentences and gives the best one a
   * calibrated probability of holding the answer; below the model's
   * threshold the question is declined.
   * @default the model `npm run train` fitted on the SQuAD subset (src/answer/scoring/weights.json)
   */
  readonly model?: AnswerModel;
  /**
   * Overrides the model's abstention judges with one least probability; 0
   * answers whatever the coverage tests let through.
   * @default "model": the model's own judges and thresholds, calibrated in training
   */
  readonly answerThreshold?: number | "model";
}

/** Every option's default, in one place; see {@link AnswerServiceOptions} for why each. */
export const DEFAULT_ANSWER_SERVICE_OPTIONS = {
  ...DEFAULT_SEARCH_INDEX_OPTIONS,
  ...DEFAULT_SNIPPET_OPTIONS,
  ...DEFAULT_COVERAGE_OPTIONS,
  maxSnippets: 3,
  minRelativeScore: 0.6,
  maxQuestionLength: 1000,
  topicLength: 600,
  model: DEFAULT_MODEL,
  answerThreshold: "model",
} as const satisfies Required<AnswerServiceOptions>;

/** How a refusal words what the sources do not say, by what was asked for. */
function askedPhrase(asked: AskedFor): string {
  switch (asked.kind) {
    case "time":
      return "when";
    case "quantity":
      return "how many or how much";
    case "money":
      return "how much money";
    case "age":
      return "how old";
    case "person":
      return "who";
    case "place":
      return "where";
    case "reason":
      return "why";
    case "speaker":
      return `what ${asked.speaker} said`;
  }
}

/** The question's words that a related passage mentions, as one phrase: what the sources do speak of. */
function subjectIn(question: AnalyzedQuestion, text: string): string[] {
  const terms = new Set(analyze(text));
  const found = question.words.filter((word) =>
    word.terms.some((term) => terms.has(term) || [...terms].some((other) => term.length >= 4 && other.startsWith(term))),
  );
  const names = found.filter((word) => word.isName);
  const chosen = (names.length > 0 ? names : found).slice(0, 3).map((word) => word.surface);
  return chosen.length > 0 ? [chosen.join(" ")] : [];
}

/** Key sentences a topic command quotes from each of its sections. */
const TOPIC_SENTENCES_PER_SECTION = 2;

/** What a service can be given ready-made instead of building it. */
export interface PrebuiltParts {
  /** An index of the same corpus, built (or restored) elsewhere, e.g. in a worker. */
  readonly index?: SearchIndex;
  /** The corpus version, when the caller computed it from the corpus files. */
  readonly version?: string;
}

/** What to summarise: a document, a section of it, or (neither) the whole corpus. */
export interface SummaryTarget {
  /** Document file name or title. */
  readonly document?: string;
  /** Section slug or heading. */
  readonly section?: string;
}

/** What a topic command answers from: sections of the corpus, or a fixed question. */
export interface TopicSpec {
  readonly sections?: readonly string[];
  readonly query?: string;
}

/** Default size of a summary, in characters of quoted text: one screen of chat. */
export const DEFAULT_SUMMARY_BUDGET = 1500;

/**
 * Answers questions from a corpus with cited snippets, best first.
 *
 * Every method is deterministic and never throws for bad input: empty,
 * over-long or meaningless questions come back as an unanswered
 * {@link Answer} with an `identifier` and a `reason` to show the user.
 *
 * @example
 * const service = await AnswerService.load("corpus");
 * const answer = service.ask("What is the ISF?");
 * if (answer.answered) console.log(answer.snippets[0]?.text, answer.snippets[0]?.section);
 */
export class AnswerService {
  readonly index: SearchIndex;
  /** The options with every default filled in. */
  readonly options: Required<AnswerServiceOptions>;
  private knownVersion: string | undefined;
  private corpusLexicon: Lexicon | undefined;

  constructor(corpus: Corpus, options: AnswerServiceOptions = {}, prebuilt: PrebuiltParts = {}) {
    this.options = withDefaults(DEFAULT_ANSWER_SERVICE_OPTIONS, options);
    this.index = prebuilt.index ?? new SearchIndex(corpus, this.options);
    this.knownVersion = prebuilt.version;
  }

  /**
   * What answers: a hash of the corpus content and the analyser's
   * configuration. Given by whoever loaded the corpus files (see
   * `service/corpusVersion.ts`); otherwise worked out from the parsed corpus
   * when first asked.
   */
  get version(): string {
    this.knownVersion ??= createHash("sha256")
      .update(JSON.stringify({ analyzer: ANALYZER_VERSION, options: this.options, documents: this.corpus.documents, synonyms: this.corpus.synonyms }))
      .digest("hex")
      .slice(0, 16);
    return this.knownVersion;
  }

  /**
   * Loads the corpus folder and indexes it.
   * @throws CorpusError when the folder is missing or holds no loadable document
   */
  static async load(dir: string, options: AnswerServiceOptions = {}): Promise<AnswerService> {
    return new AnswerService(await loadCorpus(dir), options);
  }

  get corpus(): Corpus {
    return this.index.corpus;
  }

  /**
   * Builds now what the first question would otherwise build (the corpus
   * lexicon, the English word ranks) and runs one question through every
   * step, so the first person to ask after a start or a reload does not wait
   * a few hundred milliseconds, and a burst's first answers do not hold the
   * event loop while interactions wait to be acknowledged.
   */
  warm(): this {
    this.corpusLexicon ??= indexLexicon(this.index);
    const title = this.corpus.documents[0]?.title;
    if (title) this.ask(`what does ${title} say?`);
    return this;
  }

  /**
   * Reads a chat message as the bot should: the question in it (chat forms
   * read, fillers and asides dropped, indirect questions made direct) and
   * whether it is a question for the documents at all.
   */
  read(message: string, options: ReadOptions = {}): MessageReading {
    this.corpusLexicon ??= indexLexicon(this.index);
    return readMessage(normalizeQuestion(message), this.corpusLexicon, options);
  }

  /**
   * Answers a free question, or a chat message holding one, with cited
   * snippets and a calibrated `confidence`, or says why it cannot.
   *
   * @param options how to read it; `botNames` are the names the bot goes by
   * where it was asked, so "cited, who leads the force" asks who leads the force
   */
  ask(question: unknown, options: ReadOptions = {}): Answer {
    return this.assess(question, options).answer;
  }

  /**
   * {@link ask}, with the signs its confidence was read from (for fitting
   * the confidence model); `signs` is set when a quote was found.
   */
  assess(question: unknown, options: ReadOptions = {}): { answer: Answer; signs?: ConfidenceSigns } {
    const refusal = (answer: Answer) => ({ answer });
    const maxLength = this.options.maxQuestionLength;
    const raw = typeof question === "string" ? question : "";
    // Cheap length check first, so a pasted novel is refused without being processed.
    if (raw.length > maxLength * 4)
      return refusal(this.refuse(raw.slice(0, 100), { identifier: "question-too-long", context: { length: raw.length, max: maxLength } }));
    const text = normalizeQuestion(raw);
    if (text === "") return refusal(this.refuse(text, { identifier: "question-empty", context: this.example() }));
    if (text.length > maxLength) return refusal(this.refuse(text, { identifier: "question-too-long", context: { length: text.length, max: maxLength } }));

    const reading = this.read(text, options);
    const read = reading.question !== "" ? reading.question : text;
    const analyzed = analyzeQuestion(read, this.index);
    if (analyzed.words.length === 0) {
      return refusal(
        analyzed.namesDocument
          ? this.refuse(text, { identifier: "about-the-sources", context: {} })
          : this.refuse(text, { identifier: "question-unclear", context: this.example() }),
      );
    }
    const coverage = checkCoverage(analyzed, this.index, this.options, askedThing(read));
    if (!coverage.covered) return refusal(this.refuse(text, coverage));

    const model = checkModel(this.options.model);
    const ranked = scoreSentences(model, analyzed, read, this.index);
    const best = ranked[0];
    const threshold = this.options.answerThreshold;
    // Two tests of whether the corpus answers: the learned judges, and
    // the share of the question the best paragraph holds, which carries over
    // to corpora unlike the training data (short articles with headings).
    if (
      !best ||
      !(threshold === "model" ? passesJudges(model, best.features, best.score) : best.score >= threshold) ||
      answerCoverage(analyzed, this.index, this.index.sentences[best.id]?.paragraphId ?? -1) < this.options.minAnswerCoverage
    ) {
      return refusal(this.refuse(text, { identifier: "not-in-corpus", context: { missing: [] } }));
    }
    const dateOf = (id: number) => {
      const document = this.index.sentences[id]?.document;
      return document?.published ?? document?.modified;
    };
    const aboutNow = asksAboutNow(text);
    // For a question about now, a sentence answers when its paragraph holds enough of the question, as the best one must.
    const answers = (entry: { id: number; score: number }) =>
      entry.score >= best.score * this.options.minRelativeScore ||
      (aboutNow && answerCoverage(analyzed, this.index, this.index.sentences[entry.id]?.paragraphId ?? -1) >= this.options.minAnswerCoverage);
    const byDate = orderByDate(ranked, dateOf, aboutNow, answers);
    const documentDate = (id: string) => {
      const document = this.corpus.documents.find((d) => d.id === id);
      return document?.published ?? document?.modified ?? "";
    };
    const picks = this.pickSnippets(byDate.ranked, best.score, byDate.promoted);
    const { paragraphIds, picked } = picks;
    const snippets = picks.snippets.map((snippet) =>
      byDate.newest !== undefined && documentDate(snippet.documentId) < byDate.newest ? { ...snippet, earlier: true as const } : snippet,
    );
    const asked = askedFor(read);
    // The best quote that holds what was asked for; none holding it means the sources do not say.
    // A moderator's taught answer was written for the question, so it answers it whatever its wording.
    const wordTerms = (surface: string) => analyzed.words.filter((word) => word.surface.toLowerCase() === surface).flatMap((word) => word.terms);
    const fitting = asked ? snippets.findIndex((snippet) => snippet.taught !== undefined || answersAsked(asked, snippet.text, read, wordTerms)) : 0;
    const top = snippets[fitting];
    if (!top) {
      const related = snippets[0];
      if (!related || !asked) return refusal(this.refuse(text, { identifier: "not-in-corpus", context: { missing: [] } }));
      return refusal(
        this.refuse(text, { identifier: "not-answered-here", context: { subject: subjectIn(analyzed, related.text), asked: askedPhrase(asked), related } }),
      );
    }
    const ordered = [top, ...snippets.filter((_, i) => i !== fitting)];
    const paragraphId = paragraphIds[fitting] ?? -1;
    // "Did Turkey join?" answered from a paragraph that never names Turkey is about someone else.
    const subject = askedSubject(read);
    const subjectWord = subject === undefined ? undefined : analyzed.words.find((word) => word.surface.toLowerCase() === subject);
    const aliases = subjectWord ? aliasesOf(analyzed, subjectWord) : [];
    if (subjectWord && !paragraphNames(this.index, paragraphId, subjectWord.terms, aliases)) {
      return refusal(this.refuse(text, { identifier: "not-in-corpus", context: { missing: [] } }));
    }
    const signs: ConfidenceSigns = {
      probability: top.score,
      movedUp: fitting > 0,
      unknownShare: unknownShare(analyzed, this.index),
      paragraphShare: answerCoverage(analyzed, this.index, paragraphId),
      typeChecked: asked !== undefined,
      features: pickFeatures(picked[fitting]?.features ?? [], CONFIDENCE_FEATURES),
    };
    return { answer: { question: text, answered: true, snippets: ordered, confidence: confidenceOf(signs) }, signs };
  }

  /**
   * Answers a topic command: the key sentences of the named sections, or the
   * answer to its fixed question.
   */
  topic(spec: TopicSpec): Answer {
    if (spec.query !== undefined) return this.ask(spec.query);
    const label = (spec.sections ?? []).join(", ");
    const found = (spec.sections ?? []).map((name) => this.findSection(name));
    const missing = (spec.sections ?? []).filter((_, i) => found[i] === undefined);
    if (found.length === 0 || missing.length > 0) {
      return this.refuse(label, { identifier: "unknown-section", context: { sections: missing, known: this.sectionSlugs() } });
    }
    const sections = found.filter((entry) => entry !== undefined);
    const plan = planSummary(this.index, sections, this.options.topicLength, TOPIC_SENTENCES_PER_SECTION);
    const snippets: Snippet[] = plan.points.map((point, i) => ({ ...point, score: 1 - i / 100 }));
    return { question: label, answered: true, snippets };
  }

  /**
   * An extractive, cited summary: each section's key sentence, in order,
   * within `budget` characters of quoted text.
   */
  summarize(target: SummaryTarget = {}, budget = DEFAULT_SUMMARY_BUDGET): Summary {
    const safeBudget = Number.isFinite(budget) && budget > 0 ? Math.floor(budget) : DEFAULT_SUMMARY_BUDGET;
    const documents = target.document === undefined ? this.corpus.documents : [this.findDocument(target.document)].filter((d) => d !== undefined);
    if (documents.length === 0) {
      return { found: false, identifier: "unknown-document", context: { name: target.document ?? "", known: this.corpus.documents.map((d) => d.title) } };
    }

    let title: string;
    let sections: { documentId: string; section: Section }[];
    if (target.section !== undefined) {
      const found = this.findSection(target.section, documents);
      if (!found) return { found: false, identifier: "unknown-section", context: { name: target.section, known: this.sectionSlugs() } };
      title = found.section.heading;
      sections = [found];
    } else {
      title = documents.length === 1 ? (documents[0]?.title ?? "") : "All sources";
      sections = documents.flatMap((document) => document.sections.map((section) => ({ documentId: document.id, section })));
    }
    const plan = planSummary(this.index, sections, safeBudget);
    return { found: true, title, points: plan.points, length: plan.length, budget: safeBudget, omitted: plan.omitted };
  }

  /** The documents of the corpus, for /sources. */
  sources(): SourceInfo[] {
    return this.corpus.documents.map((document) => ({
      id: document.id,
      title: document.title,
      ...(document.source ? { source: document.source } : {}),
      ...(document.author ? { author: document.author } : {}),
      ...(document.published ? { published: document.published } : {}),
      sections: document.sections.map((section) => ({ heading: section.heading, slug: section.slug })),
    }));
  }

  /**
   * Questions to offer while someone types, drawn from the corpus: section
   * headings first when they match what has been typed so far.
   */
  suggest(partial: unknown, limit = 25): string[] {
    const typed = normalizeQuestion(typeof partial === "string" ? partial : "")
      .toLowerCase()
      .slice(0, 200);
    const headings = new Set<string>();
    for (const document of this.corpus.documents) {
      for (const section of document.sections) if (section.heading !== document.title) headings.add(section.heading);
    }
    const all = [...headings];
    if (typed === "") return all.slice(0, limit);
    const words = typed.split(" ").filter(Boolean);
    return all
      .map((heading, i) => ({ heading, i, hits: words.filter((word) => heading.toLowerCase().includes(word)).length }))
      .filter((entry) => entry.hits > 0)
      .sort((a, b) => b.hits - a.hits || a.i - b.i)
      .map((entry) => entry.heading)
      .slice(0, limit);
  }

  /**
   * The question's key terms, analysed and spell-corrected against the
   * corpus, sorted: "who commands the ISF?" and "ISF commander?" both give
   * `["command", "isf"]`, so questions about one thing can be grouped.
   */
  keyTerms(question: string): string[] {
    const analyzed = analyzeQuestion(normalizeQuestion(question), this.index);
    return [...new Set(analyzed.words.flatMap((word) => word.terms))].sort();
  }

  /**
   * Quotes `text` again from the current corpus: the run of up to three
   * sentences of document `documentId` that reads exactly `text`, with a
   * fresh citation; `undefined` once the document no longer says it. Pins
   * are stored as quotes and found again this way after every reload.
   */
  locate(documentId: string, text: string): Snippet | undefined {
    const wanted = quoteText(text);
    for (const paragraph of this.index.paragraphs) {
      if (paragraph.document.id !== documentId || !quoteText(paragraph.paragraph.text).includes(wanted)) continue;
      const ids = this.index.sentencesOfParagraph[paragraph.id] ?? [];
      for (let i = 0; i < ids.length; i++) {
        for (let j = i; j < Math.min(ids.length, i + 3); j++) {
          const first = this.index.sentences[ids[i] ?? -1];
          const last = this.index.sentences[ids[j] ?? -1];
          if (!first || !last) continue;
          const slice = first.paragraph.text.slice(first.sentence.start - first.paragraph.start, last.sentence.end - first.paragraph.start);
          if (quoteText(slice) === wanted) return { text: wanted, score: 1, ...citationOf(first, last.sentence.end) };
        }
      }
    }
    return undefined;
  }

  /**
   * Quotes what lies between two offsets of a document now: the sentences
   * that start and end inside them, or `undefined` when none do (the
   * document changed or is gone).
   */
  quoteAt(documentId: string, start: number, end: number): Snippet | undefined {
    const inside = this.sentencesWithin(documentId, start, end);
    const first = inside[0];
    const last = inside.at(-1);
    if (!first || !last || first.paragraphId !== last.paragraphId) return first ? this.sentenceSnippet(first.id) : undefined;
    const text = first.paragraph.text.slice(first.sentence.start - first.paragraph.start, last.sentence.end - first.paragraph.start);
    return { text: quoteText(text), score: 1, ...citationOf(first, last.sentence.end) };
  }

  /**
   * The timeline of a topic: from each document that speaks of it (a
   * paragraph holding enough of the topic's words, as for an answer), its
   * best sentence about it, oldest document first.
   */
  timeline(topic: unknown, max = DEFAULT_TIMELINE_LENGTH): Timeline {
    const text = normalizeQuestion(typeof topic === "string" ? topic : "");
    const analyzed = analyzeQuestion(text, this.index);
    if (text === "" || analyzed.words.length === 0) return { topic: text, entries: [] };
    const best = new Map<string, { id: number; score: number }>();
    for (const entry of scoreSentences(checkModel(this.options.model), analyzed, text, this.index)) {
      const ref = this.index.sentences[entry.id];
      if (!ref || best.has(ref.document.id)) continue;
      if (answerCoverage(analyzed, this.index, ref.paragraphId) >= this.options.minAnswerCoverage) best.set(ref.document.id, entry);
    }
    const entries = [...best.values()].map(({ id, score }) => {
      const document = this.index.sentences[id]?.document;
      const date = document?.published ?? document?.modified;
      return { ...this.sentenceSnippet(id), score, ...(date ? { date } : {}) };
    });
    // Oldest first; undated documents cannot be placed in time, so they come last.
    entries.sort((a, b) => (a.date ?? "9999").localeCompare(b.date ?? "9999") || b.score - a.score);
    return { topic: text, entries: entries.slice(0, max) };
  }

  /**
   * What is new: the key sentences (each section's, as a summary picks them)
   * of the documents whose date falls within the last `days` days, newest
   * document first. A document's date is when it was published, or, when
   * nothing says so, when its file (or fetched copy) last changed.
   */
  whatsNew(days: number, now = new Date(), budget = DEFAULT_SUMMARY_BUDGET): WhatsNew {
    const since = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
    const dated = this.corpus.documents
      .filter((document) => document.origin !== "moderators")
      .map((document) => ({ document, date: document.published ?? document.modified }))
      .filter((entry): entry is { document: CorpusDocument; date: string } => entry.date !== undefined && entry.date >= since)
      .sort((a, b) => b.date.localeCompare(a.date));
    const dateOf = new Map(dated.map(({ document, date }) => [document.id, date]));
    const sections = dated.flatMap(({ document }) => document.sections.map((section) => ({ documentId: document.id, section })));
    const plan = planSummary(this.index, sections, budget);
    const entries = plan.points.map((point) => {
      const date = dateOf.get(point.documentId);
      return { ...point, score: 1, ...(date ? { date } : {}) };
    });
    return { days, since, entries };
  }

  /** The sentences just before and just after a quote, in its paragraph. */
  neighbours(documentId: string, start: number, end: number): Snippet[] {
    const inside = this.sentencesWithin(documentId, start, end);
    const first = inside[0];
    const last = inside.at(-1);
    if (!first || !last) return [];
    const siblings = this.index.sentencesOfParagraph[first.paragraphId] ?? [];
    const before = siblings[siblings.indexOf(first.id) - 1];
    const after = siblings[siblings.indexOf(last.id) + 1];
    return [before, after].filter((id): id is number => id !== undefined).map((id) => this.sentenceSnippet(id));
  }

  /** The sentences of a document that start and end between two offsets, in order. */
  private sentencesWithin(documentId: string, start: number, end: number): SentenceRef[] {
    return this.index.sentences.filter((ref) => ref.document.id === documentId && ref.sentence.start >= start && ref.sentence.end <= end);
  }

  private sentenceSnippet(id: number): Snippet {
    const ref = this.index.sentences[id];
    if (!ref) throw new RangeError(`no sentence ${id}`);
    return { text: quoteText(ref.sentence.text), score: 1, ...citationOf(ref) };
  }

  /** Finds a section by slug or heading (quotes, case and punctuation ignored). */
  findSection(name: string, documents: readonly CorpusDocument[] = this.corpus.documents): { documentId: string; section: Section } | undefined {
    const slug = slugify(name);
    for (const document of documents) {
      const section = document.sections.find((candidate) => candidate.slug === slug);
      if (section) return { documentId: document.id, section };
    }
    return undefined;
  }

  private findDocument(name: string): CorpusDocument | undefined {
    const slug = slugify(name);
    return this.corpus.documents.find((document) => document.id === name || slugify(document.id) === slug || slugify(document.title) === slug);
  }

  /** The quotes, best first, from different paragraphs, with the paragraph of each. */
  private pickSnippets<R extends { id: number; score: number }>(
    ranked: readonly R[],
    best = ranked[0]?.score ?? 0,
    promoted: ReadonlySet<R> = new Set(),
  ): { snippets: Snippet[]; paragraphIds: number[]; picked: R[] } {
    const max = this.options.maxSnippets;
    const minRelative = this.options.minRelativeScore;
    const relevance = new Map(ranked.map((entry) => [entry.id, entry.score]));
    const usedParagraphs = new Set<number>();
    const snippets: Snippet[] = [];
    const paragraphIds: number[] = [];
    const picked: R[] = [];
    for (const entry of ranked) {
      const { id, score } = entry;
      if (snippets.length >= max) break;
      if (score < best * minRelative && !promoted.has(entry)) continue;
      const ref = this.index.sentences[id];
      if (!ref || usedParagraphs.has(ref.paragraphId)) continue;
      usedParagraphs.add(ref.paragraphId);
      paragraphIds.push(ref.paragraphId);
      picked.push(entry);
      snippets.push(buildSnippet(this.index, id, score, (other) => relevance.get(other) ?? 0, this.options));
    }
    return { snippets, paragraphIds, picked };
  }

  /** The one place refusals are built. */
  private refuse(question: string, refusal: Refusal): Answer {
    return { question, answered: false, snippets: [], identifier: refusal.identifier, context: refusal.context } as Answer;
  }

  /** A question to suggest when one could not be read. */
  private example(): { example?: string } {
    const example = this.suggest("", 1)[0];
    return example ? { example } : {};
  }

  private sectionSlugs(): string[] {
    return this.sources().flatMap((source) => source.sections.map((section) => section.slug));
  }
}

/**
 * Whether a paragraph (its text, heading or document title) holds one of a
 * word's terms, a longer or shorter form of it ("Pakistani" and
 * "Pakistan"), or another name for it: the test that a quote is about the
 * subject asked about.
 */
function paragraphNames(index: SearchIndex, paragraphId: number, terms: readonly string[], aliases: readonly (readonly string[])[]): boolean {
  const held = index.paragraphTerms(paragraphId);
  const related = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 5 && (a.startsWith(b) || b.startsWith(a)));
  const has = (term: string) => held.has(term) || [...held].some((other) => related(term, other));
  // Or by another name the corpus uses for it ("US" → "United States").
  return terms.some(has) || aliases.some((phrase) => phrase.every(has));
}
