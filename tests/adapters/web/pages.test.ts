import { describe, expect, it } from "vitest";
import { page } from "../../../src/adapters/web/layout.js";
import { gapsPage } from "../../../src/adapters/web/pages/gaps.js";
import { pinsPage } from "../../../src/adapters/web/pages/pins.js";
import { sourcesPage } from "../../../src/adapters/web/pages/sources.js";
import { suggestionsPage } from "../../../src/adapters/web/pages/suggestions.js";
import { taughtPage } from "../../../src/adapters/web/pages/taught.js";

const HOSTILE = `<script>alert(1)</script>" onmouseover="x`;
const FRAME = { displayName: HOSTILE, communityLabel: HOSTILE, csrfToken: "t".repeat(43) };

/** What people typed into the chat reaches moderators' pages as text, never as markup. */
describe("the pages' markup", () => {
  it("escapes questions, answers and names wherever they appear", () => {
    const pages = [
      page(
        FRAME,
        "/admin/gaps",
        gapsPage(
          {
            waiting: { count: 1, items: [{ question: HOSTILE, link: `https://t.me/c/1/2"${HOSTILE}` }] },
            gaps: [{ terms: [HOSTILE], count: 2, examples: [HOSTILE, HOSTILE] }],
          },
          FRAME.csrfToken,
        ),
      ),
      page(FRAME, "/admin/sources", sourcesPage([], [{ url: `https://x.example/"${HOSTILE}`, documents: 1, error: HOSTILE }], FRAME.csrfToken)),
      page(
        FRAME,
        "/admin/suggestions",
        suggestionsPage([{ id: 3, question: HOSTILE, answer: HOSTILE, author: HOSTILE, link: `https://discord.com/x"${HOSTILE}` }], FRAME.csrfToken),
      ),
      page(
        FRAME,
        "/admin/taught",
        taughtPage(
          [
            {
              id: 1,
              question: HOSTILE,
              answer: `</textarea>${HOSTILE}`,
              moderatorName: HOSTILE,
              moderatorHash: "h",
              community: "console",
              platform: "discord",
              createdAt: new Date(0),
            },
          ],
          FRAME.csrfToken,
        ),
      ),
      page(
        FRAME,
        "/admin/pins",
        pinsPage(
          [{ questionKey: HOSTILE, question: HOSTILE, text: HOSTILE, documentId: "d", sectionSlug: "s", holds: false, createdAt: new Date(0) }],
          FRAME.csrfToken,
        ),
      ),
    ];
    for (const html of pages) {
      expect(html).not.toContain("<script");
      expect(html).not.toContain('" onmouseover="');
      expect(html).not.toContain("</textarea><");
      expect(html).toContain("&lt;script&gt;");
    }
  });

  it("puts the CSRF token in every form, labels every field, and has no inline script or style", () => {
    const html = page(
      FRAME,
      "/admin/gaps",
      gapsPage({ waiting: { count: 0, items: [] }, gaps: [{ terms: ["x"], count: 1, examples: ["What is x?"] }] }, FRAME.csrfToken),
    );
    const forms = html.match(/<form[\s\S]*?<\/form>/g) ?? [];
    expect(forms.length).toBeGreaterThan(2);
    for (const form of forms) expect(form).toContain(`name="_csrf" value="${FRAME.csrfToken}"`);
    const fields = [...html.matchAll(/<input type="text" id="([^"]+)"|<textarea id="([^"]+)"/g)].map((match) => match[1] ?? match[2]);
    expect(fields.length).toBe(4);
    for (const id of fields) expect(html).toContain(`<label for="${id}">`);
    expect(html).not.toMatch(/<script|<style|style="/);
    expect(html).toContain('name="viewport"');
  });
});
