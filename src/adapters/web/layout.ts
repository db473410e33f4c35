import { html, type SafeHtml } from "./html.js";

/** The pages, in the order of the menu; `path` under /admin. */
export const PAGES = [
  { path: "/admin", title: "Overview" },
  { path: "/admin/gaps", title: "Waiting questions & gaps" },
  { path: "/admin/suggestions", title: "Suggested answers" },
  { path: "/admin/taught", title: "Taught answers" },
  { path: "/admin/pins", title: "Pins" },
  { path: "/admin/sources", title: "Sources" },
  { path: "/admin/auto", title: "Auto-answer" },
  { path: "/admin/corpus", title: "Corpus" },
] as const;

export type PagePath = (typeof PAGES)[number]["path"];

/** What every page shows besides its own content: who is logged in where, and the token its forms carry. */
export interface PageFrame {
  readonly displayName: string;
  readonly communityLabel: string;
  readonly csrfToken: string;
  /** A line confirming the last action, from a fixed list (never text from the request). */
  readonly flash?: string;
}

/** A whole page: menu, the community it shows, a Log out button, and the content. */
export function page(frame: PageFrame, current: PagePath, content: SafeHtml): string {
  const title = PAGES.find((entry) => entry.path === current)?.title ?? "Cited";
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Cited moderators</title>
        <link rel="stylesheet" href="/admin/style.css" />
      </head>
      <body>
        <header>
          <p class="who">${frame.displayName} · <strong>${frame.communityLabel}</strong></p>
          <nav aria-label="Pages">
            <ul>
              ${PAGES.map((entry) => html`<li><a href="${entry.path}" ${entry.path === current ? html` aria-current="page"` : ""}>${entry.title}</a></li>`)}
            </ul>
          </nav>
          <form method="post" action="/admin/logout" class="logout">${csrfField(frame.csrfToken)}<button type="submit">Log out</button></form>
        </header>
        <main>
          <h1>${title}</h1>
          ${frame.flash ? html`<p class="flash" role="status">${frame.flash}</p>` : ""} ${content}
        </main>
      </body>
    </html> `.text;
}

/** The hidden field every form carries; checked on every POST. */
export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}" />`;
}

/** A page outside the session (a refusal, the login step): a heading, a line, maybe a link. */
export function plainPage(title: string, message: string, link?: { href: string; text: string }, refreshTo?: string): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${refreshTo ? html`<meta http-equiv="refresh" content="0;url=${refreshTo}" />` : ""}
        <title>${title} · Cited moderators</title>
        <link rel="stylesheet" href="/admin/style.css" />
      </head>
      <body>
        <main class="plain">
          <h1>${title}</h1>
          <p>${message}</p>
          ${link ? html`<p><a href="${link.href}">${link.text}</a></p>` : ""}
        </main>
      </body>
    </html> `.text;
}
