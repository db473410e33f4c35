import type { AnswerService } from "../answer/AnswerService.js";

/** What a pin records: the question and the quote a moderator chose for it. */
export interface PinnedQuote {
  readonly question: string;
  readonly documentId: string;
  readonly sectionSlug: string;
  readonly text: string;
}

export interface PinCheck<P extends PinnedQuote = PinnedQuote> {
  readonly pin: P;
  /** Whether the pinned quote is still in its document, word for word. */
  readonly holds: boolean;
}

/**
 * Checks that every pin still holds against the corpus as it is now: its
 * quote can still be found, word for word, in its document. A pin whose
 * quote was edited or deleted would otherwise silently stop being served,
 * so pins work as regression tests of the corpus (`npm run eval -- --pins`).
 */
export function checkPins<P extends PinnedQuote>(pins: readonly P[], service: AnswerService): PinCheck<P>[] {
  return pins.map((pin) => ({ pin, holds: service.locate(pin.documentId, pin.text) !== undefined }));
}
