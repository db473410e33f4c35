import type { Bot, Context } from "grammy";
import type { AnswerService } from "../../answer/AnswerService.js";
import type { CommandCatalog, CommandDefinition } from "../../commands/types.js";
import { escapeHtml } from "../../render/html.js";
import { renderAnswerHtml, renderHelpHtml, renderSourcesHtml, renderSummaryHtml } from "../../render/telegram.js";
import type { BotContext } from "../types.js";
import { inlineResults } from "./inlineResults.js";
import { isChatAdmin } from "./isChatAdmin.js";
import { mentionedQuestion } from "./mentionedQuestion.js";
import { replyHtml } from "./replyHtml.js";

/**
 * Deep-link payload of `t.me/<bot>?start=summary` (or `summary-<section slug>`),
 * which sends the summary in the private chat it opens.
 */
const SUMMARY_PAYLOAD = "summary";

/**
 * Wires the catalog to grammY: one handler per command (under its Telegram
 * name, so `/pakistan_position` and `/pakistan_position@bot` both work),
 * plain questions in private chats and mentions in groups, and inline queries.
 */
export function registerHandlers(bot: Bot, context: BotContext): void {
  const { catalog, service } = context;

  for (const command of catalog.commands) {
    bot.command(command.telegramName, (ctx) => runCommand(ctx, command, context));
  }
  if (!catalog.find("start")) {
    bot.command("start", async (ctx) => {
      const summary = privateSummary(catalog);
      const payload = ctx.match;
      if (summary && ctx.chat.type === "private" && (payload === SUMMARY_PAYLOAD || payload.startsWith(`${SUMMARY_PAYLOAD}-`))) {
        const section = payload.slice(SUMMARY_PAYLOAD.length + 1);
        await replyHtml(ctx, renderSummaryHtml(service.summarize(section === "" ? {} : { section })));
        return;
      }
      await replyHtml(ctx, renderHelpHtml(catalog));
    });
  }
  if (!catalog.find("help")) bot.command("help", (ctx) => replyHtml(ctx, renderHelpHtml(catalog)));

  bot.on("message:text", async (ctx) => {
    const text = ctx.msg.text;
    const command = /^\/([^\s@]*)(?:@(\S+))?/.exec(text);
    if (command) {
      // In a group, only commands addressed to this bot are ours to answer.
      if (ctx.chat.type !== "private" && command[2]?.toLowerCase() !== ctx.me.username.toLowerCase()) return;
      await replyHtml(ctx, [`Unknown command /${escapeHtml(command[1] ?? "")}. Send /help for the list.`]);
      return;
    }
    if (ctx.chat.type === "private") {
      await replyHtml(ctx, renderAnswerHtml(service.ask(text)));
      return;
    }
    // In groups the bot only speaks when spoken to: a command or a mention.
    const question = mentionedQuestion(ctx);
    if (question === undefined) return;
    if (question === "") {
      await replyHtml(ctx, [`Ask me about the sources: @${escapeHtml(ctx.me.username)} and your question, or /help.`]);
      return;
    }
    await replyHtml(ctx, renderAnswerHtml(service.ask(question)));
  });

  // Stickers, photos, voice notes… in a private chat: say what the bot understands.
  bot.on("message", async (ctx) => {
    if (ctx.chat.type !== "private") return;
    await replyHtml(ctx, ["I can only answer questions sent as text. Send /help to see what I can do."]);
  });

  bot.on("inline_query", async (ctx) => {
    await ctx.answerInlineQuery(inlineResults(service, ctx.inlineQuery.query), { cache_time: 60, is_personal: false });
  });
}

/** The summary command that replies privately, which the deep link runs. */
function privateSummary(catalog: CommandCatalog): CommandDefinition | undefined {
  return catalog.commands.find((command) => command.kind === "summary" && !command.public) ?? catalog.commands.find((command) => command.kind === "summary");
}

/** `t.me/<bot>?start=…` for the summary, keeping the section when it has a slug Telegram allows. */
function summaryLink(ctx: Context, service: AnswerService, section: string): string {
  const slug = section === "" ? undefined : service.findSection(section)?.section.slug;
  const payload = slug && /^[\w-]{1,56}$/.test(slug) ? `${SUMMARY_PAYLOAD}-${slug}` : SUMMARY_PAYLOAD;
  return `https://t.me/${ctx.me.username}?start=${payload}`;
}

async function runCommand(ctx: Context, command: CommandDefinition, context: BotContext): Promise<void> {
  const { service, catalog } = context;
  const argument = typeof ctx.match === "string" ? ctx.match.trim() : "";
  switch (command.kind) {
    case "ask": {
      // "/ask" as a reply asks about the message replied to.
      const replied = ctx.msg?.reply_to_message;
      const question = argument || replied?.text || replied?.caption || "";
      if (question.trim() === "") {
        await replyHtml(ctx, [`Usage: /${command.telegramName} &lt;question&gt;, or reply to a message with /${command.telegramName} to ask about it.`]);
        return;
      }
      await replyHtml(ctx, renderAnswerHtml(service.ask(question)));
      return;
    }
    case "topic":
      await replyHtml(ctx, renderAnswerHtml(service.topic(command)));
      return;
    case "summary": {
      if (ctx.chat?.type !== "private") {
        const link = escapeHtml(summaryLink(ctx, service, argument));
        // The private summary never goes to the whole group, whoever asks.
        if (!command.public) {
          const poster = catalog.commands.find((other) => other.kind === "summary" && other.public);
          const forAdmins = poster ? ` Admins can post one here with /${poster.telegramName}.` : "";
          await replyHtml(ctx, [`Summaries from /${command.telegramName} are private: <a href="${link}">message me</a> to get yours.${forAdmins}`]);
          return;
        }
        if (!(await isChatAdmin(ctx))) {
          await replyHtml(ctx, [`Only this group's admins can post summaries here. <a href="${link}">Message me privately</a> for your own copy.`]);
          return;
        }
      }
      await replyHtml(ctx, renderSummaryHtml(service.summarize(argument === "" ? {} : { section: argument })));
      return;
    }
    case "sources":
      await replyHtml(ctx, renderSourcesHtml(service.sources()));
      return;
    case "help":
      await replyHtml(ctx, renderHelpHtml(catalog));
      return;
  }
}
