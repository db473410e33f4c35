import { analyze, tokenize } from "../../index/analyzer.js";
import { englishRarity } from "../../index/englishRarity.js";
import type { SearchIndex } from "../../index/SearchIndex.js";
import type { AnalyzedQuestion, QuestionWord } from "../analyzeQuestion.js";
import { holdsAnswer } from "../expectedAnswer.js";
import { answerTypeOf, holdsAnswerType, type AnswerType } from "./answerType.js";
import { negates, oppositesIn } from "./contrast.js";
import { handRanking } from "./handRanking.js";

/**
 * Names of the features of a (question, sentence, paragraph) triple, in the
 * order of a feature vector. The weights file names them too, so a model
 * trained on another list is refused rather than misread.
 */
export const FEATURE_NAMES = [
  "sentenceBm25", // sentence BM25 / best candidate's
  "paragraphBm25", // paragraph BM25 / best paragraph's
  "paragraphRank", // 1 / (1 + rank of the paragraph)
  "sentenceRank", // 1 / (1 + rank of the sentence by BM25)
  "sentenceOverlap", // IDF-weighted share of the question's words in the sentence
  "paragraphOverlap", // … in the paragraph, its heading and title
  "headingOverlap", // … in the heading and title alone
  "previousOverlap", // … in the sentence before
  "nextOverlap", // … in the sentence after
  "subjectInSentence", // share of the question's subject (rarest words) in the sentence
  "subjectInParagraph",
  "missingRarest", // weight of the heaviest question word missing from the paragraph / heaviest word
  "proximity", // matched words / span of the sentence they occupy
  "bigrams", // share of the question's adjacent word pairs found adjacent in the sentence
  "novelty", // share of the sentence's words that the question lacks
  "typeAsked", // the question asks for a time, quantity, person or place
  "typeHeld", // … and the sentence holds one
  "firstSentence", // first sentence of its paragraph
  "leadParagraph", // first paragraph of its document
  "opensWithReference", // opens with a pronoun or "this/these/such": leans on the sentence before
  "logLength", // log of the sentence's length in words
  "questionCoverage", // IDF-weighted share of the question's words anywhere in the corpus
  "sentenceOverlapSquared", // lets the model reward full matches more than linearly
  "sentenceOverlapGap", // sentenceOverlap less the best candidate's: how far from the best match it is
  "paragraphOverlapGap",
  "typeHeldInParagraph", // the type asked for is somewhere in the paragraph
  "handTuned", // the hand-set ranking (handRanking.ts): sentence and paragraph BM25, lead and answer-kind bonuses
  "handTunedGap", // … less the best candidate's
  "longestRun", // longest run of the question's words (stopwords too) found verbatim in the sentence, / question length
  "overlapTimesType", // sentenceOverlap × typeHeld: a match that also holds the kind of answer asked for
  "overlapTimesParagraph", // sentenceOverlap × paragraphOverlap
  "missingInWindow", // heaviest question word missing from the sentence and both neighbours / heaviest word
  "missingName", // a name the question asks about is missing from the paragraph
  "missingCount", // question words missing from the paragraph, / all
  "firstMention", // share of the subject that its document first mentions here, where writers introduce a thing
  "negationUnmatched", // the question negates and neither the sentence nor its neighbours do
  "negationExtra", // the sentence negates and the question does not
  "opposites", // question words whose opposite the sentence says instead ("least" for "most")
  "typeMissing", // the question asks for a time, quantity, person or place and neither the sentence nor its neighbours hold one
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** One candidate sentence with its features. */
export interface Candidate {
  readonly id: number;
  readonly features: Float64Array;
}

export interface CandidateOptions {
  /**
   * How many of the best paragraphs contribute their sentences.
   * @default 8: the answer is in the second or third paragraph for about half
   * of the wrong-paragraph misses, and the scorer can only pick what it is shown
   */
  readonly paragraphCandidates?: number;
}

const REFERENCE_OPENING =
  /^(?:it|its|he|his|she|her|they|their|them|this|these|those|that|such|there|the latter|the former|both|each|thus|hence|however|also)\b/i;

/** A question word's weight: inverse sentence frequency, or its English rarity when the corpus lacks it. */
function wordWeight(word: QuestionWord, index: SearchIndex): number {
  const total = index.sentences.length;
  const idf = (frequency: number) => Math.log((total + 1) / (frequency + 0.5));
  const frequency = Math.max(0, ...word.terms.map((term) => index.documentFrequency(term)));
  return frequency > 0 ? idf(frequency) : idf(1) * englishRarity(word.surface);
}

interface WeighedQuestion {
  readonly words: readonly QuestionWord[];
  readonly weights: readonly number[];
  readonly total: number;
  /** Indexes of the subject words: the rarest one or two. */
  readonly subject: readonly number[];
  /** Alias terms that stand for a question word: word index → alternative phrases. */
  readonly alternatives: readonly (readonly (readonly string[])[])[];
  readonly type: AnswerType | undefined;
  readonly text: string;
  readonly coverage: number;
  /** The question's words as written, lower-cased, stopwords kept. */
  readonly surface: readonly string[];
  readonly negated: boolean;
}

function weigh(question: AnalyzedQuestion, text: string, index: SearchIndex): WeighedQuestion {
  const words = question.words;
  const weights = words.map((word) => wordWeight(word, index));
  const total = weights.reduce((a, b) => a + b, 0);
  const order = weights.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const subject = order.slice(0, words.length >= 4 ? 2 : 1).map(([, i]) => i);
  const alternatives = words.map((word) =>
    question.expansions.filter((expansion) => word.terms.some((term) => expansion.matched.includes(term))).flatMap((expansion) => expansion.phrases),
  );
  let known = 0;
  words.forEach((word, i) => {
    if (word.terms.some((term) => index.hasTerm(term))) known += weights[i] ?? 0;
  });
  const surface = lowerWords(text).filter((word) => !QUESTION_OPENERS.has(word));
  return {
    words,
    weights,
    total,
    subject,
    alternatives,
    type: answerTypeOf(text),
    text,
    coverage: total === 0 ? 0 : known / total,
    surface,
    negated: negates(text),
  };
}

/** Whether a question word is in a set of terms: itself, a longer form of it, or one of its aliases. */
function found(q: WeighedQuestion, i: number, terms: ReadonlySet<string>): boolean {
  const word = q.words[i];
  if (!word) return false;
  for (const term of word.terms) {
    if (terms.has(term)) return true;
    if (term.length >= 4) for (const other of terms) if (other.length > term.length && other.startsWith(term)) return true;
  }
  return (q.alternatives[i] ?? []).some((phrase) => phrase.every((term) => terms.has(term)));
}

/** Weight of the heaviest question word for which `has` fails. */
function missingWeight(q: WeighedQuestion, has: (i: number) => boolean): number {
  let missing = 0;
  q.words.forEach((_, i) => {
    if (!has(i)) missing = Math.max(missing, q.weights[i] ?? 0);
  });
  return missing;
}

/** Which of the question's words a set of terms holds, worked out once per set. */
function foundIn(q: WeighedQuestion, terms: ReadonlySet<string>): boolean[] {
  return q.words.map((_, i) => found(q, i, terms));
}

/** The weighted share of the question's words (or of `only` those) marked found. */
function shareOf(q: WeighedQuestion, mask: readonly boolean[], only?: readonly number[]): number {
  let all = 0;
  let hit = 0;
  for (const i of only ?? q.words.keys()) {
    const w = q.weights[i] ?? 0;
    all += w;
    if (mask[i]) hit += w;
  }
  return all === 0 ? 0 : hit / all;
}

function share(q: WeighedQuestion, terms: ReadonlySet<string>, only?: readonly number[]): number {
  let all = 0;
  let hit = 0;
  for (const i of only ?? q.words.keys()) {
    const w = q.weights[i] ?? 0;
    all += w;
    if (found(q, i, terms)) hit += w;
  }
  return all === 0 ? 0 : hit / all;
}

/** Analysed terms of sentences, per index, since the same sentences come up question after question. */
const termCache = new WeakMap<SearchIndex, Map<number, readonly string[]>>();
const TERM_CACHE_SIZE = 50_000;

function sentenceTerms(index: SearchIndex, id: number): readonly string[] {
  let cache = termCache.get(index);
  if (!cache) termCache.set(index, (cache = new Map()));
  let terms = cache.get(id);
  if (!terms) {
    terms = analyze(index.sentences[id]?.sentence.text ?? "");
    if (cache.size >= TERM_CACHE_SIZE) cache.clear();
    cache.set(id, terms);
  }
  return terms;
}

/** Words that frame a question rather than echo the text that answers it. */
const QUESTION_OPENERS = new Set(["what", "which", "who", "whom", "whose", "when", "where", "why", "how", "did", "does", "do", "is", "was", "were", "are"]);

const lowerWords = (text: string) => tokenize(text).map((token) => token.surface.toLowerCase());

/**
 * The longest run of the question's words found in the same order in the
 * sentence, as a share of the question's words: questions written from a
 * text reuse its phrases, and so do people who half remember one.
 */
function longestRun(question: readonly string[], words: readonly string[]): number {
  if (question.length === 0) return 0;
  let best = 0;
  // Dynamic programming over both word lists; both are short.
  let previous = new Array<number>(words.length + 1).fill(0);
  for (const q of question) {
    const current = new Array<number>(words.length + 1).fill(0);
    for (let j = 0; j < words.length; j++) {
      if (words[j] === q) {
        current[j + 1] = (previous[j] ?? 0) + 1;
        best = Math.max(best, current[j + 1] ?? 0);
      }
    }
    previous = current;
  }
  return best / question.length;
}

/** Lower-cased words of sentences, stopwords kept, per index. */
const wordCache = new WeakMap<SearchIndex, Map<number, readonly string[]>>();

function sentenceWords(index: SearchIndex, id: number): readonly string[] {
  let cache = wordCache.get(index);
  if (!cache) wordCache.set(index, (cache = new Map()));
  let words = cache.get(id);
  if (!words) {
    words = lowerWords(index.sentences[id]?.sentence.text ?? "");
    if (cache.size >= TERM_CACHE_SIZE) cache.clear();
    cache.set(id, words);
  }
  return words;
}

/** Sentence of first mention of a term, per document, per index. */
const firstMentions = new WeakMap<SearchIndex, Map<string, number>>();

/** Whether sentence `id` is the first of its document to use one of `terms`. */
function firstMention(index: SearchIndex, id: number, terms: readonly string[]): boolean {
  const ref = index.sentences[id];
  if (!ref) return false;
  let cache = firstMentions.get(index);
  if (!cache) firstMentions.set(index, (cache = new Map()));
  if (cache.size >= TERM_CACHE_SIZE) cache.clear();
  for (const term of terms) {
    const key = `${ref.document.id}\u0000${term}`;
    let first = cache.get(key);
    if (first === undefined) {
      first = -1;
      // Sentences of one document are numbered in order; walk back to its start, then forward.
      let start = id;
      while (start > 0 && index.sentences[start - 1]?.document === ref.document) start--;
      for (let s = start; index.sentences[s]?.document === ref.document; s++) {
        if (sentenceTerms(index, s).includes(term)) {
          first = s;
          break;
        }
      }
      cache.set(key, first);
    }
    if (first === id) return true;
  }
  return false;
}

/**
 * The candidate sentences for a question (those of its best paragraphs) with
 * their features, in corpus order. Empty when no paragraph matches.
 */
export function candidateFeatures(question: AnalyzedQuestion, text: string, index: SearchIndex, options: CandidateOptions = {}): Candidate[] {
  const paragraphHits = index.searchParagraphs(question.terms, options.paragraphCandidates ?? 8);
  if (paragraphHits.length === 0) return [];
  const q = weigh(question, text, index);
  const topParagraph = paragraphHits[0]?.score || 1;
  const ids = paragraphHits.flatMap((hit) => index.sentencesOfParagraph[hit.id] ?? []);
  const sentenceHits = index.scoreSentences(ids, question.terms);
  const topSentence = sentenceHits[0]?.score || 1;
  const sentenceBm25 = new Map(sentenceHits.map((hit, rank) => [hit.id, [hit.score / topSentence, 1 / (1 + rank)] as const]));
  const maxWeight = Math.max(0, ...q.weights);
  const questionTerms = new Set(q.words.flatMap((word) => word.terms));
  // Adjacent pairs of the question's words, as terms.
  const pairs: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < q.words.length; i++) pairs.push([q.words[i]?.terms[0] ?? "", q.words[i + 1]?.terms[0] ?? ""]);

  const candidates: Candidate[] = [];
  paragraphHits.forEach((hit, paragraphRank) => {
    const siblings = index.sentencesOfParagraph[hit.id] ?? [];
    const paragraphTerms = index.paragraphTerms(hit.id);
    const ref = index.paragraphs[hit.id];
    const headingTerms = new Set(ref ? analyze(`${ref.section.heading === ref.document.title ? "" : ref.section.heading} ${ref.document.title}`) : []);
    const inParagraph = foundIn(q, paragraphTerms);
    const paragraphOverlap = shareOf(q, inParagraph);
    let missing = 0;
    q.words.forEach((_, i) => {
      if (!inParagraph[i]) missing = Math.max(missing, q.weights[i] ?? 0);
    });
    const sets = siblings.map((id) => new Set(sentenceTerms(index, id)));
    const negatedAt = siblings.map((id) => negates(index.sentences[id]?.sentence.text ?? ""));
    const typeAt = siblings.map((id) => q.type !== undefined && holdsAnswerType(q.type, index.sentences[id]?.sentence.text ?? "", q.text));
    const masks = sets.map((set) => foundIn(q, set));
    const none: boolean[] = [];
    const headingOverlap = share(q, headingTerms);
    const subjectInParagraph = shareOf(q, inParagraph, q.subject);
    const missingName = q.words.some((word, i) => word.isName && !inParagraph[i]) ? 1 : 0;
    const missingCount = q.words.length === 0 ? 0 : inParagraph.filter((has) => !has).length / q.words.length;
    siblings.forEach((id, at) => {
      const sentence = index.sentences[id];
      if (!sentence) return;
      const terms = sentenceTerms(index, id);
      const mask = masks[at] ?? none;
      const before = at > 0 ? (masks[at - 1] ?? none) : none;
      const after = masks[at + 1] ?? none;
      const overlap = shareOf(q, mask);
      // Proximity: how tightly the matched question words sit together.
      let first = Infinity;
      let last = -Infinity;
      let matched = 0;
      const seen = new Set<string>();
      terms.forEach((term, position) => {
        if (questionTerms.has(term)) {
          first = Math.min(first, position);
          last = Math.max(last, position);
          if (!seen.has(term)) matched++;
          seen.add(term);
        }
      });
      const proximity = matched <= 1 ? (matched === 1 ? 0.5 : 0) : matched / (last - first + 1);
      let bigrams = 0;
      for (const [a, b] of pairs) {
        for (let i = 0; i + 1 < terms.length; i++) {
          if (terms[i] === a && terms[i + 1] === b) {
            bigrams++;
            break;
          }
        }
      }
      const novel = terms.filter((term) => !questionTerms.has(term)).length;
      const [bm25 = 0, rank = 0] = sentenceBm25.get(id) ?? [];
      const typeHeld = typeAt[at] === true;
      const values: Record<FeatureName, number> = {
        sentenceBm25: bm25,
        paragraphBm25: hit.score / topParagraph,
        paragraphRank: 1 / (1 + paragraphRank),
        sentenceRank: rank,
        sentenceOverlap: overlap,
        paragraphOverlap,
        headingOverlap,
        previousOverlap: shareOf(q, before),
        nextOverlap: shareOf(q, after),
        subjectInSentence: shareOf(q, mask, q.subject),
        subjectInParagraph,
        missingRarest: maxWeight === 0 ? 0 : missing / maxWeight,
        proximity,
        bigrams: pairs.length === 0 ? 0 : bigrams / pairs.length,
        novelty: terms.length === 0 ? 0 : novel / terms.length,
        typeAsked: q.type === undefined ? 0 : 1,
        typeHeld: typeHeld ? 1 : 0,
        firstSentence: at === 0 ? 1 : 0,
        leadParagraph: sentence.paragraph.index === 0 ? 1 : 0,
        opensWithReference: REFERENCE_OPENING.test(sentence.sentence.text) ? 1 : 0,
        logLength: Math.log(1 + terms.length),
        questionCoverage: q.coverage,
        sentenceOverlapSquared: overlap * overlap,
        sentenceOverlapGap: 0,
        paragraphOverlapGap: 0,
        typeHeldInParagraph: 0,
        handTuned: handRanking({
          sentenceBm25: bm25,
          paragraphBm25: hit.score / topParagraph,
          paragraphIndex: sentence.paragraph.index,
          sentenceIndex: sentence.sentence.index,
          holdsKindAsked: question.kind !== undefined && holdsAnswer(question.kind, sentence.sentence.text),
        }),
        handTunedGap: 0,
        longestRun: longestRun(q.surface, sentenceWords(index, id)),
        overlapTimesType: overlap * (typeHeld ? 1 : 0),
        overlapTimesParagraph: overlap * paragraphOverlap,
        missingInWindow: maxWeight === 0 ? 0 : missingWeight(q, (i) => mask[i] === true || before[i] === true || after[i] === true) / maxWeight,
        missingName,
        missingCount,
        negationUnmatched: q.negated && !negatedAt[at] && !negatedAt[at - 1] && !negatedAt[at + 1] ? 1 : 0,
        negationExtra: !q.negated && negatedAt[at] ? 1 : 0,
        typeMissing: q.type !== undefined && !typeHeld && !typeAt[at - 1] && !typeAt[at + 1] ? 1 : 0,
        opposites: oppositesIn(q.surface, new Set(sentenceWords(index, id))),
        firstMention: q.subject.length === 0 ? 0 : q.subject.filter((i) => firstMention(index, id, q.words[i]?.terms ?? [])).length / q.subject.length,
      };
      candidates.push({ id, features: Float64Array.from(FEATURE_NAMES, (name) => values[name]) });
    });
  });
  // Features relative to the other candidates of the same question.
  const column = (name: FeatureName) => FEATURE_NAMES.indexOf(name);
  const [so, po, sg, pg, th, tp] = (
    ["sentenceOverlap", "paragraphOverlap", "sentenceOverlapGap", "paragraphOverlapGap", "typeHeld", "typeHeldInParagraph"] as const
  ).map(column) as [number, number, number, number, number, number];
  const [ht, hg] = [column("handTuned"), column("handTunedGap")];
  let bestHand = 0;
  for (const candidate of candidates) bestHand = Math.max(bestHand, candidate.features[ht] ?? 0);
  for (const candidate of candidates) candidate.features[hg] = (candidate.features[ht] ?? 0) - bestHand;
  let bestSentence = 0;
  let bestParagraph = 0;
  const typeInParagraph = new Set<number>();
  for (const candidate of candidates) {
    bestSentence = Math.max(bestSentence, candidate.features[so] ?? 0);
    bestParagraph = Math.max(bestParagraph, candidate.features[po] ?? 0);
    if (candidate.features[th] === 1) typeInParagraph.add(index.sentences[candidate.id]?.paragraphId ?? -1);
  }
  for (const candidate of candidates) {
    candidate.features[sg] = (candidate.features[so] ?? 0) - bestSentence;
    candidate.features[pg] = (candidate.features[po] ?? 0) - bestParagraph;
    candidate.features[tp] = typeInParagraph.has(index.sentences[candidate.id]?.paragraphId ?? -1) ? 1 : 0;
  }
  return candidates;
}
