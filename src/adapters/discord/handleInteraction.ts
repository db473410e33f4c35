import { MessageFlags, type APIEmbed, type AutocompleteInteraction, type ChatInputCommandInteraction, type Interaction, type MessageContextMenuCommandInteraction } from "discord.js";
import { truncate } from "../../render/html.js";
import { renderAnswerEmbeds, renderHelpEmbeds, renderSourcesEmbeds, renderSummaryEmbeds } from "../../render/discord.js";
import type { BotContext } from "../types.js";
import { CONTEXT_MENU_NAME } from "./buildCommandPayloads.js";
import { canPostPublicly } from "./canPostPublicly.js";

/** Nothing the bot sends may ping anyone, whatever text it echoes. */
const NO_MENTIONS = { parse: [] } as const;

type Repliable = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;

/**
 * Handles one interaction, acknowledging every one. The answer service is
 * synchronous and bounded (questions are capped at 1,000 characters; the
 * slowest call, a long /ask, takes about 10 ms on the bundled corpus), so the
 * reply itself is sent at once, inside Discord's 3-second window: deferring
 * would add a second request and cannot speed up synchronous work. Defer here
 * if the service ever becomes asynchronous.
 * Never throws: failures are logged and the user gets a short ephemeral note.
 */
export async function handleInteraction(interaction: Interaction, context: BotContext): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await autocomplete(interaction, context);
    else if (interaction.isChatInputCommand()) await chatInput(interaction, context);
    else if (interaction.isMessageContextMenuCommand()) await contextMenu(interaction, context);
    // A command left over from an older registration, a user context menu, a stray button…
    else if (interaction.isRepliable()) {
      await interaction.reply({ content: "That is no longer available. Type / to see the current commands.", flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    }
  } catch (error) {
    context.logger.error({ err: error, interaction: interaction.id }, "discord: failed to handle an interaction");
    if (interaction.isAutocomplete() && !interaction.responded) {
      await interaction.respond([]).catch(() => undefined);
    } else if (interaction.isRepliable() && !interaction.replied && !interaction.deferred) {
      await interaction
        .reply({ content: "Sorry, something went wrong answering that. Please try again.", flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS })
        .catch(() => undefined);
    }
  }
}

async function send(interaction: Repliable, embeds: APIEmbed[], ephemeral: boolean): Promise<void> {
  await interaction.reply({ embeds, allowedMentions: NO_MENTIONS, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
}

async function chatInput(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const { catalog, service } = context;
  const command = catalog.find(interaction.commandName);
  if (!command) {
    await interaction.reply({ content: "That command is no longer available.", flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  switch (command.kind) {
    case "ask": {
      const answer = service.ask(interaction.options.getString("question") ?? "");
      // Refusals of the asker's own input stay between the bot and them.
      const inputProblem = answer.identifier === "question-empty" || answer.identifier === "question-too-long" || answer.identifier === "question-unclear";
      await send(interaction, renderAnswerEmbeds(answer), inputProblem);
      return;
    }
    case "topic":
      await send(interaction, renderAnswerEmbeds(service.topic(command)), false);
      return;
    case "summary": {
      if (command.public && !canPostPublicly(interaction)) {
        await interaction.reply({
          content: "Only moderators (Manage Messages) can post summaries in this channel. Use the private summary command instead.",
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
        return;
      }
      const section = interaction.options.getString("section");
      const summary = service.summarize(section ? { section } : {});
      await send(interaction, renderSummaryEmbeds(summary), !command.public || summary.points.length === 0);
      return;
    }
    case "sources":
      await send(interaction, renderSourcesEmbeds(service.sources()), false);
      return;
    case "help":
      await send(interaction, renderHelpEmbeds(catalog, CONTEXT_MENU_NAME), true);
      return;
  }
}

async function contextMenu(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  const text = interaction.targetMessage.content;
  if (text.trim() === "") {
    await interaction.reply({ content: "That message has no text to ask about.", flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    return;
  }
  const answer = context.service.ask(text);
  await send(interaction, renderAnswerEmbeds(answer), !answer.answered);
}

async function autocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const typed = String(focused.value);
  let choices: Array<{ name: string; value: string }>;
  if (focused.name === "section") {
    const words = typed.toLowerCase().split(/\s+/).filter(Boolean);
    choices = context.service
      .sources()
      .flatMap((source) => source.sections)
      .filter((section) => words.every((word) => section.heading.toLowerCase().includes(word) || section.slug.includes(word)))
      .map((section) => ({ name: truncate(section.heading, 100), value: section.slug.slice(0, 100) }));
  } else {
    choices = context.service.suggest(typed).map((suggestion) => ({ name: truncate(suggestion, 100), value: truncate(suggestion, 100) }));
  }
  // Discord rejects the whole response if any choice is empty.
  await interaction.respond(choices.filter((choice) => choice.name !== "" && choice.value !== "").slice(0, 25));
}
