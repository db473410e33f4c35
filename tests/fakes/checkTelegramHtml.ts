/** Tags Telegram's HTML parse mode accepts (the subset the bot may use). */
const ALLOWED = new Set(["b", "strong", "i", "em", "u", "s", "a", "code", "pre", "blockquote", "tg-spoiler"]);

/**
 * Returns the problems Telegram would reject in an HTML message: unknown or
 * unbalanced tags, bare `<` or `&`, over-long text. Empty when valid.
 */
export function checkTelegramHtml(html: string, limit = 4096): string[] {
  const problems: string[] = [];
  if (html.length > limit) problems.push(`longer than ${limit}: ${html.length}`);
  const stack: string[] = [];
  const tag = /<(\/?)([a-z-]+)([^<>]*)>/g;
  let last = 0;
  for (const match of html.matchAll(tag)) {
    checkText(html.slice(last, match.index), problems);
    last = match.index + match[0].length;
    const [, closing, name = ""] = match;
    if (!ALLOWED.has(name)) problems.push(`tag <${name}> not allowed`);
    if (closing) {
      if (stack.pop() !== name) problems.push(`unbalanced </${name}>`);
    } else stack.push(name);
  }
  checkText(html.slice(last), problems);
  if (stack.length > 0) problems.push(`unclosed ${stack.join(", ")}`);
  return problems;
}

function checkText(text: string, problems: string[]): void {
  if (text.includes("<") || text.includes(">")) problems.push(`bare angle bracket in ${JSON.stringify(text.slice(0, 40))}`);
  const stray = /&(?!(?:amp|lt|gt|quot|#\d+);)/.exec(text);
  if (stray) problems.push(`bare & in ${JSON.stringify(text.slice(Math.max(0, stray.index - 10), stray.index + 10))}`);
}
