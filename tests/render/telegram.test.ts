import { describe, expect, it } from "vitest";
import type { Answer } from "../../src/answer/types.js";
import { loadCatalog } from "../../src/commands/loadCatalog.js";
import type { Reply } from "../../src/pipeline/types.js";
import { packMessages, renderAnswerHtml, renderTelegramReply } from "../../src/render/telegram.js";
import { checkTelegramHtml } from "../fakes/checkTelegramHtml.js";

const snippet = (text: string) => ({
  text,
  score: 1,
  document: "Doc <1> & co",
  documentId: "doc.md",
  section: 'Section "A"',
  sectionSlug: "section-a",
  paragraph: 1,
  sentence: 1,
  start: 0,
  end: text.length,
  source: "https://example.org/a?b=1&c=<2>",
});

describe("Telegram renderer", () => {
  it("escapes corpus text, citations and links", () => {
    const answer: Answer = { question: "q", answered: true, snippets: [snippet("1 < 2 & <b>not bold</b>")] };
    const [block] = renderAnswerHtml(answer);
    expect(checkTelegramHtml(block!)).toEqual([]);
    expect(block).toContain("1 &lt; 2 &amp; &lt;b&gt;not bold&lt;/b&gt;");
    expect(block).toContain('href="https://example.org/a?b=1&amp;c=&lt;2&gt;"');
  });

  it("words a refusal from its identifier, escaping what it quotes", () => {
    const [block] = renderAnswerHtml({ question: "q", answered: false, snippets: [], identifier: "unknown-names", context: { names: ["<Karachi>"] } });
    expect(block).toBe("The sources don't mention “&lt;Karachi&gt;”, so they can't answer this.");
    // Not in the corpus: the missing subject is named, or, when nothing in particular is missing, said plainly.
    const [missing] = renderAnswerHtml({ question: "q", answered: false, snippets: [], identifier: "not-in-corpus", context: { missing: ["goalkeeper"] } });
    expect(missing).toBe("The sources don't mention “goalkeeper”, so they can't answer this.");
    const [nothing] = renderAnswerHtml({ question: "q", answered: false, snippets: [], identifier: "not-in-corpus", context: { missing: [] } });
    expect(nothing).toBe("The sources don't say: no passage in them is about what this question asks.");
  });

  it("splits long output between blocks, each message within the limit and valid", () => {
    const blocks = Array.from(
      { length: 30 },
      (_, i) => renderAnswerHtml({ question: "q", answered: true, snippets: [snippet(`${i} ${"word & more ".repeat(40)}`)] })[0]!,
    );
    const messages = packMessages(blocks);
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(checkTelegramHtml(message)).toEqual([]);
    expect(messages.join("\n\n")).toBe(blocks.join("\n\n"));
  });

  it("cuts a single over-long block to plain text without breaking an entity", () => {
    const [message] = packMessages([`<b>${"a&amp;b ".repeat(1000)}</b>`], 100);
    expect(message!.length).toBeLessThanOrEqual(100);
    expect(checkTelegramHtml(message!, 100)).toEqual([]);
  });
});

describe("what moderators learn from", () => {
  const suggestion = { id: 4, question: "who pays <them>?", answer: "Each country & its army.", author: "Grace <mod>", link: "https://t.me/c/5/9" };

  it("lists waiting questions first, then suggestions with ✅ Teach / ✖ Ignore, privately, as valid HTML", () => {
    const reply: Reply = {
      kind: "gaps",
      days: 7,
      waiting: {
        count: 2,
        items: [
          { question: "a <b>?", link: "https://t.me/c/5/8" },
          { question: "in a basic group", link: "telegram:-5:3" },
        ],
      },
      suggestions: [suggestion],
      gaps: [],
      downvoted: [],
    };
    const rendered = renderTelegramReply(reply, { chatPrivate: false, botUsername: "cited_bot" });
    const text = rendered!.messages.join("\n\n");
    for (const message of rendered!.messages) expect(checkTelegramHtml(message)).toEqual([]);
    expect(text.indexOf("2 questions are waiting")).toBeLessThan(text.indexOf("Suggested answers"));
    expect(text).toContain('“a &lt;b&gt;?” (<a href="https://t.me/c/5/8">message</a>)');
    expect(text).not.toContain("telegram:-5:3");
    expect(rendered!.private).toBe(true);
    expect(rendered!.replyMarkup?.inline_keyboard).toEqual([
      [
        { text: "✅ Teach #4", callback_data: "s:4:t" },
        { text: "✖ Ignore #4", callback_data: "s:4:i" },
      ],
    ]);
  });

  it("asks the moderator alone whether to teach their reply, and never falls back to the group", () => {
    const rendered = renderTelegramReply({ kind: "suggestion", suggestion }, { chatPrivate: false, botUsername: "cited_bot" });
    expect(checkTelegramHtml(rendered!.messages[0]!)).toEqual([]);
    expect(rendered!.messages[0]).toContain("Teach this as the answer to “who pays &lt;them&gt;?”?");
    expect(rendered).toMatchObject({ private: true, fallback: [] });
  });
});

describe("a private summary asked for in a group", () => {
  it("links to a private chat for that section and names the public summary command the adapter gives", async () => {
    const catalog = await loadCatalog("commands");
    const command = catalog.commands.find((c) => c.kind === "summary" && !c.public);
    const poster = catalog.commands.find((c) => c.kind === "summary" && c.public);
    expect(command && poster).toBeTruthy();
    const reply = {
      kind: "summary",
      summary: { found: true, title: "T", points: [], length: 0, budget: 100, omitted: [] },
      visibility: "private",
      command: command!,
      section: "intro",
    } as unknown as Reply;
    const withPoster = renderTelegramReply(reply, { chatPrivate: false, botUsername: "cited_bot", poster: poster! });
    expect(withPoster?.messages[0]).toContain("https://t.me/cited_bot?start=summary-intro");
    expect(withPoster?.messages[0]).toContain(`Admins can post one here with /${poster!.telegramName}`);
    const without = renderTelegramReply(reply, { chatPrivate: false, botUsername: "cited_bot" });
    expect(without?.messages[0]).not.toContain("Admins can post");
  });
});
