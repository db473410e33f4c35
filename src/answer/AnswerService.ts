import { loadCorpus } from "../corpus/loadCorpus.js";
import { slugify } from "../corpus/slugify.js";
import type { Corpus, CorpusDocument, Section } from "../corpus/types.js";
import { SearchIndex, type SearchIndexOptions } from "../index/SearchIndex.js";
import { analyzeQuestion } from "./analyzeQuestion.js";
import { buildSnippet, type SnippetOptions } from "./buildSnippet.js";
import { answerCoverage, checkCoverage, type CoverageOptions } from "./checkCoverage.js";
import { normalizeQuestion } from "./normalizeQuestion.js";
import type { RankOptions } from "./rankSentences.js";
import { checkModel, DEFAULT_MODEL, scoreSentences, type AnswerModel } from "./scoring/AnswerModel.js";
import { planSummary } from "./summarize.js";
import type { Answer, AnswerIdentifier, Snippet, SourceInfo, Summary } from "./types.js";

export interface AnswerServiceOptions extends SearchIndexOptions, RankOptions, SnippetOptions, CoverageOptions {
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
   * The answer scorer: ranks candidate sentences by the probability that they
   * hold the answer, and declines when the best is below its threshold.
   * @default the model `npm run train` fitted on the SQuAD subset (src/answer/scoring/weights.json)
   */
  readonly model?: AnswerModel;
  /**
   * Overrides the model's abstention threshold; 0 answers whatever the corpus covers.
   * @default the model's own, calibrated in training
   */
  readonly answerThreshold?: number;
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
  private readonly options: AnswerServiceOptions;
  private readonly model: AnswerModel;

  constructor(corpus: Corpus, options: AnswerServiceOptions = {}) {
    this.options = options;
    this.model = checkModel(options.model ?? DEFAULT_MODEL);
    this.index = new SearchIndex(corpus, options);
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

  /** Answers a free question with cited snippets, or says why it cannot. */
  ask(question: unknown): Answer {
    const maxLength = this.options.maxQuestionLength ?? 1000;
    const raw = typeof question === "string" ? question : "";
    // Cheap length check first, so a pasted novel is refused without being processed.
    if (raw.length > maxLength * 4) return this.refuse(raw.slice(0, 100), "question-too-long", tooLong(raw.length, maxLength));
    const text = normalizeQuestion(raw);
    if (text === "") return this.refuse(text, "question-empty", this.usage());
    if (text.length > maxLength) return this.refuse(text, "question-too-long", tooLong(text.length, maxLength));

    const analyzed = analyzeQuestion(text, this.index);
    if (analyzed.words.length === 0) {
      return this.refuse(text, "question-unclear", `I couldn't find a word to look up in that. ${this.usage()}`);
    }
    const coverage = checkCoverage(analyzed, this.index, this.options);
    if (!coverage.covered) return this.refuse(text, coverage.identifier, coverage.reason);

    const ranked = scoreSentences(this.model, analyzed, text, this.index);
    const best = ranked[0];
    const bestParagraph = this.index.sentences[best?.id ?? -1]?.paragraphId ?? -1;
    // Two tests of whether the corpus answers: the learned probability, and
    // the share of the question the best paragraph holds (which carries over
    // to corpora unlike the training data, such as short sectioned articles).
    if (
      !best ||
      best.score < (this.options.answerThreshold ?? this.model.threshold) ||
      answerCoverage(analyzed, this.index, bestParagraph) < (this.options.minAnswerCoverage ?? 0.4)
    ) {
      return this.refuse(text, "not-in-corpus", "The sources don't say: no passage in them is about what this question asks.");
    }
    const snippets = this.pickSnippets(ranked);
    return { question: text, answered: true, snippets };
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
      return this.refuse(label, "unknown-section", `No section called ${missing.map((m) => `“${m}”`).join(", ") || "(none given)"} in the sources.`);
    }
    const sections = found.filter((entry) => entry !== undefined);
    const plan = planSummary(this.index, sections, this.options.maxLength ?? 300 * 2, 2);
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
    const empty = (title: string, reason: string): Summary => ({ title, points: [], length: 0, budget: safeBudget, omitted: [], reason });
    if (documents.length === 0) return empty(target.document ?? "", `No document called “${target.document}” in the sources.`);

    let title: string;
    let sections: { documentId: string; section: Section }[];
    if (target.section !== undefined) {
      const found = this.findSection(target.section, documents);
      if (!found) return empty(target.section, `No section called “${target.section}” in the sources. ${this.sectionHint()}`);
      title = found.section.heading;
      sections = [found];
    } else {
      title = documents.length === 1 ? (documents[0]?.title ?? "") : "All sources";
      sections = documents.flatMap((document) => document.sections.map((section) => ({ documentId: document.id, section })));
    }
    const plan = planSummary(this.index, sections, safeBudget);
    return { title, points: plan.points, length: plan.length, budget: safeBudget, omitted: plan.omitted };
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
    const typed = normalizeQuestion(typeof partial === "string" ? partial : "").toLowerCase().slice(0, 200);
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

  private pickSnippets(ranked: readonly { id: number; score: number }[]): Snippet[] {
    const max = this.options.maxSnippets ?? 3;
    const minRelative = this.options.minRelativeScore ?? 0.6;
    const best = ranked[0]?.score ?? 0;
    const relevance = new Map(ranked.map((entry) => [entry.id, entry.score]));
    const usedParagraphs = new Set<number>();
    const snippets: Snippet[] = [];
    for (const { id, score } of ranked) {
      if (snippets.length >= max) break;
      if (score < best * minRelative) continue;
      const ref = this.index.sentences[id];
      if (!ref || usedParagraphs.has(ref.paragraphId)) continue;
      usedParagraphs.add(ref.paragraphId);
      snippets.push(buildSnippet(this.index, id, score, (other) => relevance.get(other) ?? 0, this.options));
    }
    return snippets;
  }

  private refuse(question: string, identifier: AnswerIdentifier, reason: string): Answer {
    return { question, answered: false, snippets: [], identifier, reason };
  }

  private usage(): string {
    const example = this.suggest("", 1)[0];
    return `Ask a question about the sources${example ? `, for example: “${example}”` : ""}.`;
  }

  private sectionHint(): string {
    const slugs = this.sources().flatMap((source) => source.sections.map((section) => section.slug));
    return `Sections: ${slugs.join(", ")}.`;
  }
}

function tooLong(length: number, max: number): string {
  return `That question is ${length.toLocaleString("en-US")} characters long; please keep it under ${max.toLocaleString("en-US")}.`;
}
