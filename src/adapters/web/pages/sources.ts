import type { SourceInfo } from "../../../answer/types.js";
import type { WebSourceStatus } from "../../../pipeline/types.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField } from "../layout.js";

/** Each document with its date, and each web source with its last fetch and error, and a button to fetch it now. */
export function sourcesPage(documents: readonly SourceInfo[], web: readonly WebSourceStatus[], csrfToken: string): SafeHtml {
  return html`<section aria-labelledby="docs">
      <h2 id="docs">Documents (${documents.length})</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Title</th>
            <th scope="col">Published</th>
            <th scope="col">Sections</th>
          </tr>
        </thead>
        <tbody>
          ${documents.map(
            (doc) =>
              html`<tr>
                <td>${doc.title}${doc.source ? html`<br /><span class="muted">${doc.source}</span>` : ""}</td>
                <td>${doc.published ?? "—"}</td>
                <td>${doc.sections.length}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="web">
      <h2 id="web">Web sources (${web.length})</h2>
      ${
        web.length === 0
          ? html`<p class="muted">No web sources are configured.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">URL</th>
                  <th scope="col">Documents</th>
                  <th scope="col">Last fetch</th>
                  <th scope="col">Last success</th>
                  <th scope="col">Error</th>
                  <th scope="col"><span class="muted">Fetch</span></th>
                </tr>
              </thead>
              <tbody>
                ${web.map(
                  (source) =>
                    html`<tr>
                      <td>${source.url}</td>
                      <td>${source.documents}</td>
                      <td>${source.fetchedAt ?? "never"}</td>
                      <td>${source.succeededAt ?? "never"}</td>
                      <td class="error">${source.error ?? ""}</td>
                      <td>
                        <form method="post" action="/admin/sources/fetch">
                          ${csrfField(csrfToken)}<input type="hidden" name="url" value="${source.url}" /><button type="submit">Fetch now</button>
                        </form>
                      </td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
}
