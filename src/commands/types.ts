/**
 * What a command does. The first five come from the operator's catalog; the
 * moderators' commands are built in (see builtins.ts) unless the catalog
 * names its own command of that kind.
 */
export type CommandKind = "ask" | "topic" | "summary" | "timeline" | "whatsnew" | "sources" | "help" | MemberKind | ModeratorKind;

/** Built-in commands anyone may use: opting out of (and back into) automatic answers. */
export type MemberKind = "optout" | "optin";

export const MEMBER_KINDS: readonly MemberKind[] = ["optout", "optin"];

/** Commands only moderators may run: they change or inspect what the bot knows. */
export type ModeratorKind = "reload" | "gaps" | "teach" | "taught" | "untaught" | "pin" | "admin" | "autoanswer";

export const MODERATOR_KINDS: readonly ModeratorKind[] = ["reload", "gaps", "teach", "taught", "untaught", "pin", "admin", "autoanswer"];

export function isModeratorKind(kind: CommandKind): kind is ModeratorKind {
  return (MODERATOR_KINDS as readonly string[]).includes(kind);
}

/** A command as the operator defined it in `commands/NAME.yaml`, checked. */
export interface CommandDefinition {
  /** Canonical name, Discord style: lower case, hyphens allowed (`pakistan-position`). */
  readonly name: string;
  /** Name on Telegram, derived from `name` (`pakistan_position`) unless set explicitly. */
  readonly telegramName: string;
  /** One line shown in each platform's command menu and in /help. */
  readonly description: string;
  readonly kind: CommandKind;
  /** For `topic` commands: sections (headings or slugs) to answer from. */
  readonly sections?: readonly string[];
  /** For `topic` commands: a fixed question to answer instead of sections. */
  readonly query?: string;
  /**
   * For `summary` and `whatsnew` commands: posts the summary publicly in the channel or
   * group, which only moderators may do (Discord: Manage Messages; Telegram:
   * chat administrators). Otherwise the summary goes privately to whoever asked.
   * @default false
   */
  readonly public?: boolean;
  /** The file the command came from, for error messages; `(built-in)` for the moderators' commands. */
  readonly file: string;
}

/** The loaded catalog, in display order (ask, topics, summary, sources, help, then moderators' commands). */
export interface CommandCatalog {
  readonly commands: readonly CommandDefinition[];
  /** Finds a command by its canonical or Telegram name. */
  find(name: string): CommandDefinition | undefined;
  /** The first command of a kind, for pointing people at it ("use /summary"). */
  ofKind(kind: CommandKind): CommandDefinition | undefined;
}
