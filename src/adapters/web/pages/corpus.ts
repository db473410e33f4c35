import type { CorpusView } from "../adminActions.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField } from "../layout.js";

/** The corpus served now: its version and documents, and a button to reload it from disk. */
export function corpusPage(corpus: CorpusView, csrfToken: string): SafeHtml {
  return html`<p>Version <code>${corpus.version}</code> · ${corpus.documents.length} documents</p>
    <ul>
      ${corpus.documents.map((doc) => html`<li>${doc.title} <span class="muted">(${doc.sections.length} sections)</span></li>`)}
    </ul>
    <form method="post" action="/admin/corpus/reload">${csrfField(csrfToken)}<button type="submit">Reload the documents now</button></form>`;
}
