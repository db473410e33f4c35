import { parseDocument, type ParseOptions } from "../parseDocument.js";
import type { CorpusDocument } from "../types.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes a text file's bytes. A file saved in another encoding (Latin-1,
 * UTF-16) is refused rather than quoted with replacement characters.
 */
export function decodeText(text: string | Uint8Array): string {
  if (typeof text === "string") return text;
  try {
    return utf8.decode(text);
  } catch {
    throw new Error("is not UTF-8 text (save it as UTF-8)");
  }
}

/** Parsers of Markdown and text, which parse at once. */
const TEXT_PARSERS: Record<string, (name: string, text: string, options: ParseOptions) => CorpusDocument> = {
  ".md": (name, text, options) => parseDocument(name, text, "markdown", options),
  ".markdown": (name, text, options) => parseDocument(name, text, "markdown", options),
  ".txt": (name, text, options) => parseDocument(name, text, "text", options),
};

/**
 * Parsers of the extracted formats. Their libraries (pdf.js, mammoth,
 * Readability and a DOM) are loaded only when a corpus has such a file: they
 * take seconds to load, which every reload's worker would otherwise pay.
 */
const EXTRACTED_PARSERS: Record<string, (name: string, bytes: string | Uint8Array) => Promise<CorpusDocument>> = {
  ".html": async (name, text) => (await import("./html.js")).parseHtml(name, decodeText(text)),
  ".htm": async (name, text) => (await import("./html.js")).parseHtml(name, decodeText(text)),
  ".pdf": async (name, bytes) => (await import("./pdf.js")).parsePdf(name, bytesOf(bytes)),
  ".docx": async (name, bytes) => (await import("./docx.js")).parseDocx(name, bytesOf(bytes)),
};

const bytesOf = (text: string | Uint8Array) => (typeof text === "string" ? new TextEncoder().encode(text) : text);

/** Extensions of the files a corpus folder takes, lower case with the dot. */
export const DOCUMENT_EXTENSIONS: readonly string[] = [...Object.keys(TEXT_PARSERS), ...Object.keys(EXTRACTED_PARSERS)];

function extensionOf(name: string): string {
  const at = name.lastIndexOf(".");
  return at === -1 ? "" : name.slice(at).toLowerCase();
}

/** Whether a file name has an extension a corpus folder takes. */
export const isDocumentFile = (name: string): boolean => DOCUMENT_EXTENSIONS.includes(extensionOf(name));

/** Whether a file is of an extracted format (HTML, PDF, DOCX), parsed with {@link parseExtractedFile}. */
export const isExtractedDocument = (name: string): boolean => extensionOf(name) in EXTRACTED_PARSERS;

/** The parser's error as a message to show after the file's name. */
function fileError(name: string, error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  // pdf.js and mammoth say what broke but not that the file is the problem.
  if (/^(is|has|front matter)\b/.test(message)) return error instanceof Error ? error : new Error(message);
  return new Error(`could not be read as ${extensionOf(name).slice(1).toUpperCase()}: ${message}`, { cause: error });
}

/**
 * Parses one Markdown or text corpus file by its extension.
 * @throws Error (a message to show after the file's name) when the file cannot be parsed
 */
export function parseTextFile(name: string, text: string | Uint8Array, options: ParseOptions = {}): CorpusDocument {
  const parser = TEXT_PARSERS[extensionOf(name)];
  if (!parser) throw new Error(isExtractedDocument(name) ? "is an extracted format, parsed with parseExtractedFile" : `is not a document format the corpus takes (${DOCUMENT_EXTENSIONS.join(", ")})`);
  try {
    return parser(name, decodeText(text), options);
  } catch (error) {
    throw fileError(name, error);
  }
}

/**
 * Parses one HTML, PDF or DOCX corpus file by its extension.
 * @throws Error (a message to show after the file's name) when the file cannot be parsed
 */
export async function parseExtractedFile(name: string, bytes: string | Uint8Array): Promise<CorpusDocument> {
  const parser = EXTRACTED_PARSERS[extensionOf(name)];
  if (!parser) return parseTextFile(name, bytes);
  try {
    return await parser(name, bytes);
  } catch (error) {
    throw fileError(name, error);
  }
}
