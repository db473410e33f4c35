import type { Bot, Context } from "grammy";
import type { CommandDefinition } from "../../commands/types.js";
import { escapeHtml } from "../../render/html.js";
import { renderAnswerHtml, renderHelpHtml, renderSourcesHtml, renderSummaryHtml } from "../../render/telegram.js";
import type { BotContext } from "../types.js";
import { inlineResults } from "./inlineResults.js";
import { isChatAdmin } from "./isChatAdmin.js";
import { replyHtml } from "./replyHtml.js";

/** Deep-link payload of `t.me/<bot>?start=summary`, which sends the summary privately. */
const SUMMARY_PAYLOAD = "summary";

/**
 * Wires the catalog to grammY: one handler per command (under its Telegram
 * name, so `/pakistan_position` and `/pakistan_position@bot` both work),
 * plain questions in private chats, and inline queries.
 */
export function registerHandlers(bot: Bot, context: BotContext): void {
  const { catalog, service } = context;

  for (const command of catalog.commands) {
    bot.command(command.telegramName, (ctx) => runCommand(ctx, command, context));
  }
  if (!catalog.find("start")) {
    bot.command("start", async (ctx) => {
      const summary = catalog.commands.find((command) => command.kind === "summary");
      if (ctx.match === SUMMARY_PAYLOAD && summary && ctx.chat.type === "private") return runCommand(ctx, summary, context);
      await replyHtml(ctx, renderHelpHtml(catalog));
    });
  }
  if (!catalog.find("help")) bot.command("help", (ctx) => replyHtml(ctx, renderHelpHtml(catalog)));

  bot.on("message:text", async (ctx) => {
    // In groups the bot only speaks when spoken to with a command.
    if (ctx.chat.type !== "private") return;
    const text = ctx.msg.text;
    if (text.startsWith("/")) {
      await replyHtml(ctx, [`Unknown command ${escapeHtml(text.split(/\s/)[0] ?? "")}. Send /help for the list.`]);
      return;
    }
    await replyHtml(ctx, renderAnswerHtml(service.ask(text)));
  });

  bot.on("inline_query", async (ctx) => {
    await ctx.answerInlineQuery(inlineResults(service, ctx.inlineQuery.query), { cache_time: 60, is_personal: false });
  });
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
    case "summary":
      if (!(await isChatAdmin(ctx))) {
        const link = `https://t.me/${ctx.me.username}?start=${SUMMARY_PAYLOAD}`;
        await replyHtml(ctx, [`Only this group's admins can post summaries here. <a href="${escapeHtml(link)}">Message me privately</a> for your own copy.`]);
        return;
      }
      await replyHtml(ctx, renderSummaryHtml(service.summarize(argument === "" ? {} : { section: argument })));
      return;
    case "sources":
      await replyHtml(ctx, renderSourcesHtml(service.sources()));
      return;
    case "help":
      await replyHtml(ctx, renderHelpHtml(catalog));
      return;
  }
}
