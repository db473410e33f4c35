/** What a command does. */
export type CommandKind = "ask" | "topic" | "summary" | "sources" | "help";

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
   * For `summary` commands: posts the summary publicly in the channel or
   * group, which only moderators may do (Discord: Manage Messages; Telegram:
   * chat administrators). Otherwise the summary goes privately to whoever asked.
   * @default false
   */
  readonly public?: boolean;
  /** The file the command came from, for error messages. */
  readonly file: string;
}

/** The loaded catalog, in display order (ask, topics, summary, sources, help). */
export interface CommandCatalog {
  readonly commands: readonly CommandDefinition[];
  /** Finds a command by its canonical or Telegram name. */
  find(name: string): CommandDefinition | undefined;
}
