import { html, type SafeHtml } from "../html.js";

/** " · <a>label</a>" to a chat message, when its link is a web address (a Telegram basic group's messages have none). */
export function messageLink(link: string, label: string): SafeHtml | "" {
  return /^https:\/\//.test(link) ? html` · <a href="${link}">${label}</a>` : "";
}
