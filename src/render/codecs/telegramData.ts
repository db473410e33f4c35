/**
 * The one place where Telegram `callback_data` and deep links are written
 * and read: the renderer puts them on buttons and in links, the adapter
 * decodes what comes back.
 *
 * - `v:<answer id>:u|d`: the 👍/👎 buttons under an answer (callback_data holds at most 64 bytes);
 * - `x:<answer id>`: Dismiss under an automatic answer;
 * - `s:<suggestion id>:t|i`: ✅ Teach / ✖ Ignore on a suggested answer;
 * - `t.me/<bot>?start=summary` or `start=summary-<section slug>`: opens a private chat that sends the summary.
 */

export type TelegramCallbackData =
  | { readonly kind: "vote"; readonly answerId: string; readonly value: 1 | -1 }
  | { readonly kind: "dismiss"; readonly answerId: string }
  | { readonly kind: "suggestion"; readonly suggestionId: number; readonly decision: "teach" | "ignore" };

const VOTE_DATA = /^v:([\w-]{1,40}):([ud])$/;
const DISMISS_DATA = /^x:([\w-]{1,40})$/;
const SUGGESTION_DATA = /^s:([1-9]\d{0,14}):([ti])$/;

export function encodeCallbackData(data: TelegramCallbackData): string {
  switch (data.kind) {
    case "dismiss":
      return `x:${data.answerId}`;
    case "suggestion":
      return `s:${data.suggestionId}:${data.decision === "teach" ? "t" : "i"}`;
    case "vote":
      return `v:${data.answerId}:${data.value > 0 ? "u" : "d"}`;
  }
}

/** What a button's `callback_data` names, or undefined for data the bot never wrote. */
export function decodeCallbackData(data: string): TelegramCallbackData | undefined {
  const dismiss = DISMISS_DATA.exec(data);
  if (dismiss?.[1]) return { kind: "dismiss", answerId: dismiss[1] };
  const suggestion = SUGGESTION_DATA.exec(data);
  if (suggestion?.[1]) return { kind: "suggestion", suggestionId: Number(suggestion[1]), decision: suggestion[2] === "t" ? "teach" : "ignore" };
  const vote = VOTE_DATA.exec(data);
  return vote?.[1] ? { kind: "vote", answerId: vote[1], value: vote[2] === "u" ? 1 : -1 } : undefined;
}

const SUMMARY_PAYLOAD = "summary";
/** A section slug that fits a start payload (at most 64 characters of `[A-Za-z0-9_-]`). */
const LINKABLE_SECTION = /^[\w-]{1,56}$/;

/** The `/start` payload asking for the summary (of one section, when its slug fits in a link). */
export function encodeStartPayload(section?: string): string {
  return section !== undefined && LINKABLE_SECTION.test(section) ? `${SUMMARY_PAYLOAD}-${section}` : SUMMARY_PAYLOAD;
}

/** The summary a `/start` payload asks for (`section` is "" for the whole corpus), or undefined when it asks for none. */
export function decodeStartPayload(payload: string): { readonly kind: "summary"; readonly section: string } | undefined {
  if (payload === SUMMARY_PAYLOAD) return { kind: "summary", section: "" };
  if (payload.startsWith(`${SUMMARY_PAYLOAD}-`)) return { kind: "summary", section: payload.slice(SUMMARY_PAYLOAD.length + 1) };
  return undefined;
}

/** `t.me/<bot>?start=summary[-section]`, which sends the summary in the private chat it opens. */
export function summaryLink(botUsername: string, section?: string): string {
  return `https://t.me/${botUsername}?start=${encodeStartPayload(section)}`;
}
