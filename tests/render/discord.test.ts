import { describe, expect, it } from "vitest";
import type { Answer, Snippet } from "../../src/answer/types.js";
import { escapeMarkdown, renderAnswerEmbeds, renderDiscordReply, renderSummaryEmbeds } from "../../src/render/discord.js";
import { notice } from "../../src/pipeline/types.js";

const HOSTILE = "See [the official form](https://evil.example/phish) and ask <@&123456789012345678> or <@42> in <#987654321098765432>.";

/** Markdown a Discord client would turn into a link or a pill: an unescaped `[text](url)` or `<@…>`/`<#…>`. */
function activeMarkup(text: string): string[] {
  return [...text.matchAll(/(?<!\\)\[[^\]]*\]\([^)]*\)|(?<!\\)<[@#][&!]?\d+>/g)].map((match) => match[0]);
}

function snippet(text: string, taught = true): Snippet {
  return {
    text,
    score: 1,
    document: "Moderators' answers",
    documentId: "taught.md",
    section: "Where is the form?",
    sectionSlug: "where-is-the-form",
    paragraph: 1,
    sentence: 1,
    start: 0,
    end: text.length,
    ...(taught ? { taught: { moderator: "Ada", date: "2026-12-04" } } : {}),
  };
}

describe("Discord renderer escapes what would become links or pills", () => {
  it("leaves no masked link or mention active in a taught answer or a .txt corpus quote, yet shows the words", () => {
    const answer: Answer = { question: "Where is the [form](https://x.example)?", answered: true, snippets: [snippet(HOSTILE), snippet(HOSTILE, false)] };
    for (const embed of renderAnswerEmbeds(answer)) {
      for (const text of [embed.title ?? "", embed.description ?? ""]) expect(activeMarkup(text), text).toEqual([]);
      expect(embed.description).toContain("the official form");
    }
  });

  it("echoes /summary section: escaped", () => {
    const [embed] = renderSummaryEmbeds({
      found: false,
      identifier: "unknown-section",
      context: { name: "[free nitro](https://evil.example) <@&123456789012345678>", known: ["background"] },
    });
    expect(activeMarkup(embed?.description ?? "")).toEqual([]);
    expect(embed?.description).toContain("free nitro");
  });

  it("escapes what a notice echoes, such as a taught question", () => {
    const message = renderDiscordReply(notice("taught", { id: 3, question: HOSTILE }), "Ask Cited");
    expect(activeMarkup(message?.content ?? "")).toEqual([]);
    expect(message?.content).toContain("Taught answer #3");
  });

  it("escapes every masked link on a line, not only the first", () => {
    expect(activeMarkup(escapeMarkdown("[a](https://a.example) and [b](https://b.example)"))).toEqual([]);
  });
});
