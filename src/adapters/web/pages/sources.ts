import type { SourceInfo } from "../../../answer/types.js";
import type { WebSourceStatus } from "../../../pipeline/types.js";
import { html, type SafeHtml } from "../html.js";

/** Each document with its date, and each web source with its last fetch and error. */
export function sourcesPage(documents: readonly SourceInfo[], web: readonly WebSourceStatus[]): SafeHtml {
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
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
}
