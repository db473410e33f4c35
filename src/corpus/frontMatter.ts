import { parseYaml } from "./parseYaml.js";
import { z } from "zod";

/** An optional byte order mark (editors on Windows add one), then the `---` block; it may be empty. */
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;
/** A file that opens a front matter block but never closes it. */
const UNCLOSED = /^\uFEFF?---[ \t]*\r?\n/;

/**
 * YAML reads `title: 1984` or `author: 2025` as numbers; they are still the
 * text the operator wrote, so they are taken as strings rather than rejected.
 */
const text = () =>
  z.preprocess((value) => (typeof value === "number" ? String(value) : value), z.string().trim().min(1, "must not be empty"));

const metadataSchema = z
  .object({
    title: text().optional(),
    source: z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).optional(),
    author: text().optional(),
    published: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
      .refine((value) => !Number.isNaN(Date.parse(value)), "is not a real date")
      .optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof metadataSchema>;

export interface SplitFrontMatter {
  readonly metadata: FrontMatter;
  /**
   * Length of the front matter block (and of a byte order mark), so offsets
   * in the body stay exact.
   */
  readonly bodyOffset: number;
}

/** Thrown for front matter that is not valid YAML or has unexpected fields. */
export class FrontMatterError extends Error {
  override readonly name = "FrontMatterError";
}

/**
 * Reads the optional YAML front matter at the top of a document.
 * Unknown fields are rejected so a typo such as `pubished:` is reported
 * instead of silently dropping the date.
 */
export function readFrontMatter(source: string): SplitFrontMatter {
  const match = FRONT_MATTER.exec(source);
  if (!match) {
    // Without a closing `---` the metadata would silently become the first paragraph.
    if (UNCLOSED.test(source)) throw new FrontMatterError("front matter starts with --- but has no closing --- line");
    return { metadata: {}, bodyOffset: source.startsWith("\uFEFF") ? 1 : 0 };
  }
  let raw: unknown;
  try {
    raw = parseYaml(match[1] ?? "");
  } catch (error) {
    throw new FrontMatterError(`front matter is not valid YAML: ${(error as Error).message}`);
  }
  const result = metadataSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join(".") || "front matter";
    const text =
      issue?.code === "unrecognized_keys"
        ? `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(", ")} (expected title, source, author, published)`
        : `"${field}" ${issue?.message ?? "is invalid"}`;
    throw new FrontMatterError(`front matter: ${text}`);
  }
  return { metadata: result.data, bodyOffset: match[0].length };
}
