import { escapeHtml } from "./escapeHtml.js";

/**
 * Charts as inline SVG: the report is one file that opens anywhere, with no
 * script, font or stylesheet to fetch. Every chart is an <svg class="chart">
 * with a data-chart name and an aria-label; every bar has a <title> tooltip.
 */

const COLORS = { answered: "#2f855a", refused: "#dd6b20", up: "#2f855a", down: "#c53030", bar: "#2b6cb0", axis: "#718096", text: "#1a202c" };

function svg(name: string, label: string, width: number, height: number, body: string): string {
  return `<svg class="chart" data-chart="${name}" role="img" aria-label="${escapeHtml(label)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string, tip: string, kind: string): string {
  return `<rect class="bar" data-kind="${kind}" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${Math.max(0, width).toFixed(1)}" height="${Math.max(0, height).toFixed(1)}" fill="${fill}"><title>${escapeHtml(tip)}</title></rect>`;
}

function text(x: number, y: number, content: string, anchor: "start" | "middle" | "end" = "start", extra = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="${anchor}" font-size="11" fill="${COLORS.text}"${extra}>${escapeHtml(content)}</text>`;
}

function clip(label: string, max: number): string {
  return label.length > max ? `${label.slice(0, max - 1)}…` : label;
}

/** A rounded-up axis maximum, so bars never touch the top and the ticks are round. */
function niceMax(value: number): number {
  if (value <= 5) return Math.max(1, value);
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return value;
}

/** Questions per day, the answered part of each bar in green and the refused part above it. */
export function questionsPerDayChart(days: readonly { day: string; questions: number; answered: number }[]): string {
  const width = 760;
  const height = 240;
  const left = 40;
  const bottom = 30;
  const top = 10;
  const plotWidth = width - left - 10;
  const plotHeight = height - top - bottom;
  const max = niceMax(Math.max(0, ...days.map((day) => day.questions)));
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(2, slot * 0.75);
  const labelEvery = Math.ceil(days.length / 10);
  const parts: string[] = [];
  for (const tick of [0, max / 2, max]) {
    const y = top + plotHeight - (tick / max) * plotHeight;
    parts.push(`<line x1="${left}" x2="${width - 10}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#e2e8f0"/>`);
    parts.push(text(left - 6, y + 4, String(Math.round(tick * 10) / 10), "end"));
  }
  days.forEach((day, i) => {
    const x = left + i * slot + (slot - barWidth) / 2;
    const answeredHeight = (day.answered / max) * plotHeight;
    const refusedHeight = ((day.questions - day.answered) / max) * plotHeight;
    const base = top + plotHeight;
    if (day.answered > 0)
      parts.push(rect(x, base - answeredHeight, barWidth, answeredHeight, COLORS.answered, `${day.day}: ${day.answered} answered`, "answered"));
    if (day.questions > day.answered) {
      parts.push(
        rect(
          x,
          base - answeredHeight - refusedHeight,
          barWidth,
          refusedHeight,
          COLORS.refused,
          `${day.day}: ${day.questions - day.answered} not answered`,
          "refused",
        ),
      );
    }
    if (i % labelEvery === 0) parts.push(text(x + barWidth / 2, height - 10, day.day.slice(5), "middle"));
  });
  parts.push(`<line x1="${left}" x2="${width - 10}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="${COLORS.axis}"/>`);
  return svg("questions-per-day", "Questions per day, answered and not answered", width, height, parts.join(""));
}

/** The share of questions answered, as one bar split in two. */
export function answeredShareChart(questions: number, answered: number): string {
  const width = 760;
  const height = 56;
  const share = questions === 0 ? 0 : answered / questions;
  const barWidth = width - 20;
  const parts = [
    rect(10, 8, barWidth, 24, "#e2e8f0", `${questions - answered} not answered`, "refused"),
    rect(10, 8, barWidth * share, 24, COLORS.answered, `${answered} of ${questions} answered`, "answered"),
    text(10, 50, questions === 0 ? "No questions in this window" : `${(share * 100).toFixed(1)}% answered (${answered} of ${questions})`),
  ];
  return svg("answered-share", "Share of questions answered", width, height, parts.join(""));
}

/** Horizontal bars, one per row, longest first as given. */
export function horizontalBarChart(name: string, label: string, rows: readonly { label: string; value: number; tip?: string }[]): string {
  const width = 760;
  const rowHeight = 22;
  const labelWidth = 300;
  const height = Math.max(1, rows.length) * rowHeight + 8;
  const max = Math.max(1, ...rows.map((row) => row.value));
  const plotWidth = width - labelWidth - 60;
  const parts = rows.map((row, i) => {
    const y = 4 + i * rowHeight;
    const barWidth = (row.value / max) * plotWidth;
    return (
      text(labelWidth - 8, y + 15, clip(row.label, 48), "end") +
      rect(labelWidth, y + 3, barWidth, rowHeight - 6, COLORS.bar, row.tip ?? `${row.label}: ${row.value}`, "value") +
      text(labelWidth + barWidth + 6, y + 15, String(row.value))
    );
  });
  if (rows.length === 0) parts.push(text(10, 18, "Nothing in this window"));
  return svg(name, label, width, height, parts.join(""));
}

/** Votes down to the left of a centre line, votes up to the right, one row per section. */
export function votesChart(rows: readonly { label: string; up: number; down: number }[]): string {
  const width = 760;
  const rowHeight = 22;
  const labelWidth = 300;
  const height = Math.max(1, rows.length) * rowHeight + 8;
  const half = (width - labelWidth - 20) / 2;
  const centre = labelWidth + half;
  const max = Math.max(1, ...rows.flatMap((row) => [row.up, row.down]));
  const parts = rows.map((row, i) => {
    const y = 4 + i * rowHeight;
    const downWidth = (row.down / max) * (half - 24);
    const upWidth = (row.up / max) * (half - 24);
    return (
      text(labelWidth - 8, y + 15, clip(row.label, 48), "end") +
      rect(centre - downWidth, y + 3, downWidth, rowHeight - 6, COLORS.down, `${row.label}: ${row.down} down`, "down") +
      rect(centre, y + 3, upWidth, rowHeight - 6, COLORS.up, `${row.label}: ${row.up} up`, "up") +
      text(centre - downWidth - 4, y + 15, String(row.down), "end") +
      text(centre + upWidth + 4, y + 15, String(row.up))
    );
  });
  if (rows.length === 0) parts.push(text(10, 18, "No votes in this window"));
  else parts.push(`<line x1="${centre}" x2="${centre}" y1="0" y2="${height}" stroke="${COLORS.axis}"/>`);
  return svg("votes-per-section", "Votes per section: down to the left, up to the right", width, height, parts.join(""));
}
