import { escapeHtml } from "../../render/html.js";

/** Markup already safe to send: built by {@link html} or escaped. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = SafeHtml | string | number | undefined | null | false | readonly Part[];

/**
 * A template tag that escapes every interpolated value unless it is already
 * SafeHtml (or a list of them), so a question someone typed into the chat
 * can never become markup on a moderator's page.
 */
export function html(strings: TemplateStringsArray, ...values: Part[]): SafeHtml {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? "");
  });
  return new SafeHtml(out);
}

function render(value: Part): string {
  if (value === undefined || value === null || value === false) return "";
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(String(value as string | number));
}
