import type { ReportData } from "../../../store/index.js";
import { html, type SafeHtml } from "../html.js";

/** The report's figures, live: questions per day as bars, answered share, votes, most cited sections. */
export function overviewPage(report: ReportData, days: number): SafeHtml {
  const busiest = Math.max(1, ...report.perDay.map((day) => day.questions));
  const share = report.questions === 0 ? 0 : Math.round((100 * report.answered) / report.questions);
  return html`<section aria-labelledby="totals">
      <h2 id="totals">Last ${days} days</h2>
      <ul>
        <li>${report.questions} questions, ${report.answered} answered (${share}%)</li>
        <li>${report.votes.up} helpful, ${report.votes.down} not helpful (votes)</li>
        <li>${report.taught} taught answers · ${report.pins} pins</li>
        <li>${report.gaps.length} knowledge gaps (<a href="/admin/gaps">see them</a>)</li>
      </ul>
    </section>
    <section aria-labelledby="per-day">
      <h2 id="per-day">Questions per day</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Questions</th>
            <th scope="col">Answered</th>
            <th scope="col"><span class="muted">Volume</span></th>
          </tr>
        </thead>
        <tbody>
          ${report.perDay.map(
            (day) =>
              html`<tr>
                <td>${day.day}</td>
                <td>${day.questions}</td>
                <td>${day.answered}</td>
                <td><meter min="0" max="${busiest}" value="${day.questions}">${day.questions}</meter></td>
              </tr>`,
          )}
        </tbody>
      </table>
    </section>
    <section aria-labelledby="cited">
      <h2 id="cited">Most cited sections</h2>
      ${
        report.sections.length === 0
          ? html`<p class="muted">Nothing cited yet.</p>`
          : html`<table>
              <thead>
                <tr>
                  <th scope="col">Section</th>
                  <th scope="col">Cited</th>
                  <th scope="col">Helpful</th>
                  <th scope="col">Not helpful</th>
                </tr>
              </thead>
              <tbody>
                ${report.sections.slice(0, 10).map(
                  (s) =>
                    html`<tr>
                      <td>${s.documentId} › ${s.sectionSlug}</td>
                      <td>${s.cited}</td>
                      <td>${s.up}</td>
                      <td>${s.down}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`;
}
