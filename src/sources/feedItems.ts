import { extractFromJson, extractFromXml } from "@extractus/feed-extractor";

/** One entry of a feed, normalised across RSS, Atom and JSON Feed. */
export interface FeedItem {
  readonly title: string;
  readonly link?: string;
  /** ISO date-time, when the feed gives one. */
  readonly published?: string;
  /** The item's own text (HTML) when the feed carries it in full. */
  readonly content?: string;
}

/** A description shorter than this (in characters of text) is a teaser: the linked page is fetched instead. */
const FULL_TEXT = 500;

const textLength = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim().length;

/**
 * Reads the items of an RSS, Atom or JSON feed.
 * @throws Error when the text is not a feed
 */
export function feedItems(text: string, json: boolean): FeedItem[] {
  const options = {
    descriptionMaxLen: 0,
    getExtraEntryFields: (entry: Record<string, unknown>) => {
      const content = entry["content:encoded"] ?? entry.content_html ?? entry.content_text ?? entry.content;
      const text = typeof content === "string" ? content : content && typeof content === "object" ? (content as { "#text"?: unknown })["#text"] : undefined;
      return { full: typeof text === "string" ? text : undefined };
    },
  };
  const feed = json ? extractFromJson(text, options) : extractFromXml(text, options);
  return (feed.entries ?? []).map((entry) => {
    const extra = entry as unknown as { full?: string; description?: string };
    const content =
      extra.full && extra.full.trim() !== "" ? extra.full : extra.description && textLength(extra.description) >= FULL_TEXT ? extra.description : undefined;
    return {
      title: entry.title ?? "",
      ...(entry.link ? { link: entry.link } : {}),
      ...(entry.published ? { published: entry.published } : {}),
      ...(content ? { content } : {}),
    };
  });
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A feed item's own text as a web page, its title, link and date in the metadata the HTML parser reads. */
export function feedItemPage(item: FeedItem & { readonly content: string }): string {
  return [
    "<!doctype html><html><head><meta charset=utf-8>",
    `<title>${escapeHtml(item.title)}</title><meta property="og:title" content="${escapeHtml(item.title)}">`,
    item.published ? `<meta property="article:published_time" content="${escapeHtml(item.published)}">` : "",
    item.link ? `<link rel="canonical" href="${escapeHtml(item.link)}">` : "",
    `</head><body><article><h1>${escapeHtml(item.title)}</h1>${item.content}</article></body></html>`,
  ].join("");
}
