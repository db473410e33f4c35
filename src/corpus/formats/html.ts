import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { assembleDocument } from "../assembleDocument.js";
import type { CorpusDocument } from "../types.js";
import { canonicalBlocks, cleanText, isoDate } from "./canonicalText.js";
import { htmlBlocks } from "./htmlBlocks.js";

/** Page furniture dropped when Readability finds no article and the whole body is read instead. */
const CHROME = "nav, header, footer, aside, script, style, noscript, form, [role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]";

/** Metadata of a web page: what the page says about itself. */
export interface PageMetadata {
  readonly title?: string;
  readonly author?: string;
  readonly published?: string;
  /** The page's own address (`<link rel=canonical>`, `og:url`), when it gives one. */
  readonly source?: string;
}

/**
 * Parses a web page into a document: its main content only (Readability
 * drops navigation, cookie banners, "most read" boxes and footers), `h1`–`h3`
 * as sections, and title, author and date from the page's metadata.
 *
 * @param url the page's address when it was fetched: the source unless the page names its own
 */
export function parseHtml(id: string, html: string, url?: string): CorpusDocument {
  const { document } = parseHTML(html);
  const metadata = pageMetadata(document);
  // Readability changes the DOM it reads, so the fallback reads a fresh copy.
  const article = new Readability(parseHTML(html).document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  let root: Parameters<typeof htmlBlocks>[0];
  if (article?.content) {
    root = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document.body;
  } else {
    for (const chrome of document.querySelectorAll(CHROME)) chrome.remove();
    root = document.body;
  }
  const { blocks } = canonicalBlocks(htmlBlocks(root));
  const author = metadata.author ?? byline(article?.byline);
  const source = metadata.source ?? (url && /^https?:/i.test(url) ? url : undefined);
  return assembleDocument(id, {
    format: "html",
    title: metadata.title ?? (cleanText(article?.title ?? document.querySelector("title")?.textContent ?? "") || undefined),
    ...(source ? { source } : {}),
    ...(author ? { author } : {}),
    published: metadata.published ?? isoDate(article?.publishedTime),
  }, blocks);
}

type ParsedDocument = ReturnType<typeof parseHTML>["document"];

function meta(document: ParsedDocument, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = document.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`)?.getAttribute("content");
    if (value && value.trim() !== "") return value.trim();
  }
  return undefined;
}

/** The page's JSON-LD objects (an article's `datePublished`, `author`), flattened out of `@graph`s and lists. */
function jsonLd(document: ParsedDocument): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const collect = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === "object") {
      found.push(value as Record<string, unknown>);
      collect((value as { "@graph"?: unknown })["@graph"]);
    }
  };
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      collect(JSON.parse(script.textContent ?? ""));
    } catch {
      // A broken JSON-LD block is the page's problem; the other metadata still counts.
    }
  }
  return found;
}

function ldAuthor(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(ldAuthor).filter(Boolean).join(", ") || undefined;
  if (value && typeof value === "object" && typeof (value as { name?: unknown }).name === "string") return (value as { name: string }).name;
  return undefined;
}

/** Title, author, date and address from the page's metadata: Open Graph and article tags, JSON-LD, `<time datetime>`. */
export function pageMetadata(document: ParsedDocument): PageMetadata {
  const ld = jsonLd(document);
  const ldValue = (key: string) => ld.map((item) => item[key]).find((value) => value !== undefined && value !== null);
  const time = document.querySelector("article time[datetime], main time[datetime], time[datetime]")?.getAttribute("datetime");
  const published =
    isoDate(meta(document, "article:published_time", "datePublished", "date", "dc.date", "DC.date.issued", "pubdate")) ??
    isoDate(typeof ldValue("datePublished") === "string" ? (ldValue("datePublished") as string) : undefined) ??
    isoDate(time);
  // Not `<title>`: it usually carries the site's name; Readability's title, which drops it, comes first.
  const title = meta(document, "og:title", "twitter:title") ?? (typeof ldValue("headline") === "string" ? (ldValue("headline") as string) : undefined);
  const author = meta(document, "author", "article:author") ?? ldAuthor(ldValue("author"));
  const canonical = document.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? meta(document, "og:url");
  const clean = (value: string | null | undefined) => (value ? cleanText(value) || undefined : undefined);
  return {
    ...(clean(title) ? { title: clean(title) } : {}),
    ...(clean(author) && !/^https?:/i.test(author ?? "") ? { author: clean(author) } : {}),
    ...(published ? { published } : {}),
    ...(canonical && /^https?:\/\//i.test(canonical) ? { source: canonical } : {}),
  };
}

function byline(value: string | null | undefined): string | undefined {
  const text = cleanText(value ?? "").replace(/^by\s+/i, "");
  return text === "" ? undefined : text;
}
