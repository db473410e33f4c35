import type { ReportData, SectionStats } from "../store/types.js";
import { escapeHtml } from "./escapeHtml.js";
import { answeredShareChart, horizontalBarChart, questionsPerDayChart, votesChart } from "./svgCharts.js";

/** How many sections, gaps and answers each list shows. */
const TOP = 15;

/** Words rather than 👍/👎: emoji need a font the page cannot fetch and many machines lack. */
const STYLE = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a202c; max-width: 820px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #e2e8f0; padding-bottom: .3rem; }
.muted { color: #4a5568; }
.figures { display: flex; gap: 1rem; flex-wrap: wrap; }
.figure { border: 1px solid #e2e8f0; border-radius: 6px; padding: .6rem 1rem; min-width: 120px; }
.figure b { display: block; font-size: 1.5rem; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #edf2f7; vertical-align: top; }
svg.chart { display: block; max-width: 100%; height: auto; }
`;

function sectionLabel(section: Pick<SectionStats, "documentId" | "sectionSlug">): string {
  return `${section.documentId} › ${section.sectionSlug}`;
}

/** The knowledge-gap report as one self-contained HTML page (no scripts, fonts or styles to fetch). */
export function renderReport(data: ReportData, options: { title?: string; days?: number } = {}): string {
  const title = options.title ?? "Cited: questions, votes and knowledge gaps";
  const range = `${data.since.toISOString().slice(0, 10)} to ${data.until.toISOString().slice(0, 10)}`;
  const voted = data.sections.filter((section) => section.up + section.down > 0).sort((a, b) => b.up + b.down - (a.up + a.down) || b.down - a.down);
  const figure = (label: string, value: string) => `<div class="figure"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`;
  const share = data.questions === 0 ? "–" : `${((100 * data.answered) / data.questions).toFixed(0)}%`;

  const gapsRows = data.gaps
    .slice(0, TOP)
    .map(
      (gap) =>
        `<tr><td>${escapeHtml(gap.terms.join(", "))}</td><td>${gap.count}</td><td>${gap.examples.map((example) => escapeHtml(example)).join("<br>")}</td></tr>`,
    )
    .join("");
  const downvotedRows = data.mostDownvoted
    .slice(0, TOP)
    .map(
      (answer) =>
        `<tr><td>${escapeHtml(answer.question)}</td><td>${answer.down} down / ${answer.up} up</td><td>${answer.passages.map((passage) => escapeHtml(sectionLabel(passage))).join("<br>")}</td></tr>`,
    )
    .join("");

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="muted">${escapeHtml(range)} (UTC)${options.days ? `, the last ${options.days} days` : ""}. Generated ${escapeHtml(data.until.toISOString().replace("T", " ").slice(0, 16))} UTC.</p>
<div class="figures">
${figure("questions", String(data.questions))}
${figure("answered", share)}
${figure("votes up", String(data.votes.up))}
${figure("votes down", String(data.votes.down))}
${figure("taught answers", String(data.taught))}
${figure("pins", String(data.pins))}
${figure("waiting questions", String(data.waiting))}
</div>

<h2>Questions per day</h2>
<p class="muted">Green: answered; orange: not answered.</p>
${questionsPerDayChart(data.perDay)}

<h2>Share answered</h2>
${answeredShareChart(data.questions, data.answered)}

<h2>Votes per section</h2>
<p class="muted">Red, to the left: votes down; green, to the right: votes up. A vote counts for every section its answer cites.</p>
${votesChart(voted.slice(0, TOP).map((section) => ({ label: sectionLabel(section), up: section.up, down: section.down })))}

<h2>Most cited sections</h2>
${horizontalBarChart(
  "most-cited-sections",
  "Most cited sections",
  data.sections
    .slice(0, TOP)
    .map((section) => ({ label: sectionLabel(section), value: section.cited, tip: `${sectionLabel(section)}: cited in ${section.cited} answers` })),
)}

<h2>Top knowledge gaps</h2>
<p class="muted">Waiting questions (left unanswered in auto-answer channels), questions the bot declined, and answers voted down, grouped by the words the corpus lacks or the question's key terms.</p>
${horizontalBarChart(
  "top-gaps",
  "Top knowledge gaps",
  data.gaps.slice(0, TOP).map((gap) => ({ label: gap.terms.join(", "), value: gap.count })),
)}
${gapsRows ? `<table><thead><tr><th>Terms</th><th>Count</th><th>Examples</th></tr></thead><tbody>${gapsRows}</tbody></table>` : `<p class="muted">No gaps in this window.</p>`}

<h2>Answers voted down most</h2>
${downvotedRows ? `<table><thead><tr><th>Question</th><th>Votes</th><th>Cited sections</th></tr></thead><tbody>${downvotedRows}</tbody></table>` : `<p class="muted">No answer has more votes down than up in this window.</p>`}
</body>
</html>
`;
}

/** The report's figures for scripts: the fields acceptance checks read, then the details. */
export function reportJson(data: ReportData, days: number) {
  return {
    questions: data.questions,
    answered: data.answered,
    votes: { up: data.votes.up, down: data.votes.down },
    gaps: data.gaps.map((gap) => ({ terms: gap.terms, count: gap.count, examples: gap.examples })),
    taught: data.taught,
    pins: data.pins,
    waiting: data.waiting,
    days,
    since: data.since.toISOString(),
    until: data.until.toISOString(),
    perDay: data.perDay,
    sections: data.sections,
    mostDownvoted: data.mostDownvoted.map((answer) => ({ ...answer })),
  };
}
