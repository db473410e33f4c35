/**
 * The one place where Discord `custom_id`s are written and read: the
 * renderer puts them on components and modals, the adapter decodes what
 * comes back. An answer id is at most 40 URL-safe characters (see
 * `newAnswerId`), which keeps every id well within Discord's 100.
 *
 * - `vote:<answer id>:up|down`: the 👍/👎 buttons under an answer;
 * - `pin:<answer id>`: the 📌 button and the list of quotes to pin;
 * - `dismiss:<answer id>`: Dismiss under an automatic answer;
 * - `suggestion:<id>:teach|ignore`: ✅ Teach / ✖ Ignore on a suggested answer;
 * - `teach` or `teach:<answer id>`: the "Teach Cited" form, opened on a message or on one of the bot's answers.
 */

export type DiscordCustomId =
  | { readonly kind: "vote"; readonly answerId: string; readonly value: 1 | -1 }
  | { readonly kind: "pin"; readonly answerId: string }
  | { readonly kind: "dismiss"; readonly answerId: string }
  | { readonly kind: "suggestion"; readonly suggestionId: number; readonly decision: "teach" | "ignore" }
  | { readonly kind: "teach"; readonly answerId?: string };

const ANSWER_ID = "[\\w-]{1,40}";
const VOTE_ID = new RegExp(`^vote:(${ANSWER_ID}):(up|down)$`);
const PIN_ID = new RegExp(`^pin:(${ANSWER_ID})$`);
const DISMISS_ID = new RegExp(`^dismiss:(${ANSWER_ID})$`);
const SUGGESTION_ID = /^suggestion:([1-9]\d{0,14}):(teach|ignore)$/;
const TEACH_ID = new RegExp(`^teach(?::(${ANSWER_ID}))?$`);

export function encodeDiscordCustomId(id: DiscordCustomId): string {
  switch (id.kind) {
    case "vote":
      return `vote:${id.answerId}:${id.value > 0 ? "up" : "down"}`;
    case "pin":
      return `pin:${id.answerId}`;
    case "dismiss":
      return `dismiss:${id.answerId}`;
    case "suggestion":
      return `suggestion:${id.suggestionId}:${id.decision}`;
    case "teach":
      return id.answerId === undefined ? "teach" : `teach:${id.answerId}`;
  }
}

/** What a `custom_id` names, or undefined for one the bot never wrote (an old message's, a forged one). */
export function decodeDiscordCustomId(customId: string): DiscordCustomId | undefined {
  const vote = VOTE_ID.exec(customId);
  if (vote?.[1]) return { kind: "vote", answerId: vote[1], value: vote[2] === "up" ? 1 : -1 };
  const pin = PIN_ID.exec(customId);
  if (pin?.[1]) return { kind: "pin", answerId: pin[1] };
  const dismiss = DISMISS_ID.exec(customId);
  if (dismiss?.[1]) return { kind: "dismiss", answerId: dismiss[1] };
  const suggestion = SUGGESTION_ID.exec(customId);
  if (suggestion?.[1]) return { kind: "suggestion", suggestionId: Number(suggestion[1]), decision: suggestion[2] === "teach" ? "teach" : "ignore" };
  const teach = TEACH_ID.exec(customId);
  if (teach) return teach[1] ? { kind: "teach", answerId: teach[1] } : { kind: "teach" };
  return undefined;
}
