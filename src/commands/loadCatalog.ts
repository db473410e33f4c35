import { readdir, readFile, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { parseYaml } from "../corpus/parseYaml.js";
import { z } from "zod";
import { CatalogError } from "./CatalogError.js";
import {
  DISCORD_DESCRIPTION_MAX,
  DISCORD_NAME,
  TELEGRAM_DESCRIPTION_MAX,
  TELEGRAM_NAME,
  toTelegramName,
  MAX_COMMANDS,
} from "./platformRules.js";
import { BUILTIN_COMMANDS } from "./builtins.js";
import { MEMBER_KINDS, MODERATOR_KINDS, type CommandCatalog, type CommandDefinition, type CommandKind } from "./types.js";

const KIND_ORDER: readonly CommandKind[] = ["ask", "topic", "summary", "timeline", "whatsnew", "sources", "help", ...MEMBER_KINDS, ...MODERATOR_KINDS];

const schema = z
  .object({
    name: z
      .string()
      .regex(DISCORD_NAME, "must be 1–32 letters, digits, '-' or '_' (Discord's rule)")
      .refine((name) => name === name.toLowerCase(), "must be lower case (Discord's rule)"),
    telegram_name: z.string().regex(TELEGRAM_NAME, "must be 1–32 of a–z, 0–9 or '_' (Telegram's rule)").optional(),
    description: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(Math.min(DISCORD_DESCRIPTION_MAX, TELEGRAM_DESCRIPTION_MAX), `must be at most ${DISCORD_DESCRIPTION_MAX} characters (Discord's limit)`),
    kind: z.enum(KIND_ORDER, `must be one of ${KIND_ORDER.join(", ")}`),
    sections: z.array(z.string().trim().min(1)).min(1).optional(),
    query: z.string().trim().min(1).optional(),
    public: z.boolean("must be true or false").optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.kind === "topic" && !value.sections && !value.query) {
      ctx.addIssue({ code: "custom", path: ["sections"], message: "a topic command needs `sections` or `query`" });
    }
    if (value.kind === "topic" && value.sections && value.query) {
      ctx.addIssue({ code: "custom", path: ["query"], message: "give `sections` or `query`, not both" });
    }
    if (value.kind !== "topic" && (value.sections || value.query)) {
      ctx.addIssue({ code: "custom", path: [value.sections ? "sections" : "query"], message: `only topic commands take this field, not ${value.kind}` });
    }
    if (value.public !== undefined && value.kind !== "summary" && value.kind !== "whatsnew") {
      ctx.addIssue({ code: "custom", path: ["public"], message: `only summary and whatsnew commands take this field, not ${value.kind}` });
    }
    const telegram = value.telegram_name ?? toTelegramName(value.name);
    if (!TELEGRAM_NAME.test(telegram)) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `becomes "${telegram}" on Telegram, which breaks Telegram's rule (1–32 of a–z, 0–9 or '_'); set telegram_name` });
    }
  });

/** Checks one command file's content. */
export function parseCommand(file: string, text: string): CommandDefinition {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new CatalogError("catalog-invalid", `${file}: not valid YAML: ${(error as Error).message.split("\n")[0]}`, file);
  }
  if (raw !== null && raw !== undefined && (typeof raw !== "object" || Array.isArray(raw))) {
    throw new CatalogError("catalog-invalid", `${file}: must be YAML fields (name, description, kind, …), one per line, not a ${Array.isArray(raw) ? "list" : "single value"}`, file);
  }
  // reportInput: zod leaves the offending value out of an issue otherwise, and "required" must tell a missing field from a wrong one.
  const result = schema.safeParse(raw ?? {}, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.code === "unrecognized_keys" ? issue.keys.join(", ") : issue?.path.join(".") || "(file)";
    // zod leaves the input out of its issues: whether the field is missing is read from the file itself.
    const missing = issue?.code === "invalid_type" && valueAt(raw, issue.path) === undefined;
    const message =
      issue?.code === "unrecognized_keys"
        ? `unknown field(s) ${issue.keys.map((key) => `"${key}"`).join(", ")} (expected name, description, kind, sections, query, public, telegram_name)`
        : `"${field}" ${missing ? "is required" : issue?.message}`;
    throw new CatalogError("catalog-invalid", `${file}: ${message}`, file, field);
  }
  const { telegram_name, ...rest } = result.data;
  return { ...rest, telegramName: telegram_name ?? toTelegramName(rest.name), file };
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((at, key) => (typeof at === "object" && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined), value);
}

/**
 * Builds a catalog from checked commands, refusing duplicate names on either
 * platform, and adds each built-in moderators' command whose kind and names
 * the catalog does not already use.
 */
export function buildCatalog(own: readonly CommandDefinition[]): CommandCatalog {
  const taken = new Set(own.flatMap((command) => [command.name, command.telegramName]));
  if (own.length > MAX_COMMANDS) {
    throw new CatalogError("catalog-invalid", `${own.length} command files, but Discord and Telegram allow at most ${MAX_COMMANDS} commands; remove some.`, "");
  }
  // Built-ins fill the room the platforms' limit leaves; a full catalog keeps its own commands.
  const builtins = BUILTIN_COMMANDS.filter(
    (builtin) => !own.some((command) => command.kind === builtin.kind) && !taken.has(builtin.name) && !taken.has(builtin.telegramName),
  ).slice(0, MAX_COMMANDS - own.length);
  const commands = [...own, ...builtins];
  const byName = new Map<string, CommandDefinition>();
  for (const command of commands) {
    for (const name of new Set([command.name, command.telegramName])) {
      const other = byName.get(name);
      if (other) {
        throw new CatalogError("catalog-duplicate", `${command.file}: command name "${name}" is already used by ${other.file}`, command.file, "name");
      }
      byName.set(name, command);
    }
  }
  const sorted = [...commands].sort(
    (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.file.localeCompare(b.file),
  );
  return { commands: sorted, find: (name) => byName.get(name.toLowerCase()), ofKind: (kind) => sorted.find((command) => command.kind === kind) };
}

/**
 * Loads every `.yaml`/`.yml`/`.json` file in `dir` as one command.
 * @throws CatalogError naming the file and field of the first bad command
 */
export async function loadCatalog(dir: string): Promise<CommandCatalog> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new CatalogError("catalog-missing", `Commands folder not found: ${dir} (set COMMANDS_DIR).`, dir);
  const files = (await readdir(dir)).filter((name) => [".yaml", ".yml", ".json"].includes(extname(name).toLowerCase())).sort();
  if (files.length === 0) throw new CatalogError("catalog-missing", `No command files (.yaml) in ${dir}.`, dir);
  const commands = await Promise.all(files.map(async (file) => parseCommand(file, await readFile(join(dir, file), "utf8"))));
  return buildCatalog(commands);
}
