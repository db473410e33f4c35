import type { Row } from "./tally.js";

export const LOAD_HEADING = "## Load";

const HEADER = "| scenario | sent | answered | lost | duplicated | late | drain | replies/s | p50 | p99 | peak RSS bot / tree | notes |";
const ALIGN = "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |";

const seconds = (ms: number | undefined) => (ms === undefined ? "–" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const mib = (bytes: number | undefined) => (bytes === undefined || bytes === 0 ? "–" : `${(bytes / 2 ** 20).toFixed(0)}`);
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** One table line for a row. */
export function formatRow(row: Row): string {
  const late = row.late === undefined ? "–" : `${row.late} (> ${seconds(row.lateMs)})`;
  return `| ${[
    cell(row.scenario),
    row.sent,
    row.answered,
    row.lost,
    row.duplicated,
    late,
    row.drainS === undefined ? "–" : `${row.drainS.toFixed(1)} s`,
    row.repliesPerS === undefined ? "–" : row.repliesPerS.toFixed(1),
    seconds(row.p50Ms),
    seconds(row.p99Ms),
    `${mib(row.peakBot)} / ${mib(row.peakTree)} MiB`,
    cell(row.notes || ""),
  ].join(" | ")} |`;
}

/** Rows of a markdown table as (first cell → line). */
function tableRows(lines: readonly string[]): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of lines) {
    if (!line.startsWith("| ") || line === HEADER || line.startsWith("| ---")) continue;
    const first = line.slice(2).split(" | ")[0] ?? "";
    rows.set(first, line);
  }
  return rows;
}

/** The paragraphs between a subsection's heading and its table. */
function introLines(section: string): string[] {
  const lines = section.split("\n");
  const end = lines.indexOf(HEADER);
  return lines.slice(1, end < 0 ? lines.length : end).filter((line) => line.trim() !== "");
}

/** Splits markdown into the part before `heading`, its section (up to the next `## `), and the rest. */
function splitSection(text: string, heading: string, level = "## "): [string, string | undefined, string] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return [text, undefined, ""];
  let end = lines.findIndex((line, i) => i > start && line.startsWith(level) && !line.startsWith(`${level}#`));
  if (end < 0) end = lines.length;
  return [lines.slice(0, start).join("\n"), lines.slice(start, end).join("\n"), lines.slice(end).join("\n")];
}

/**
 * The Load section of bench/RESULTS.md after a run: the subsection for this
 * configuration (`### title`) gets this run's rows: with `merge`, replacing
 * rows of the same scenario and keeping the others (a run with `--only`);
 * without, instead of the old table. Other subsections stay as they were.
 */
export function updateLoadSection(
  previous: string,
  subsection: string,
  intro: readonly string[],
  rows: readonly Row[],
  skipped: readonly string[],
  merge = true,
): string {
  const [before, section, after] = splitSection(previous, LOAD_HEADING);
  const body =
    section ??
    `${LOAD_HEADING}\n\n\`npm run bench:load\` runs the real bot against the fake Telegram and Discord servers on 127.0.0.1 (bench/load/). Latency is from the moment the fake pushed an update or dispatched an interaction to the moment the bot's reply (Telegram \`sendMessage\` threaded to it) or acknowledgement (Discord callback) reached the fake. Peak RSS in MiB: the bot's node process (VmHWM) / the sum over its whole process tree.\n`;
  const [head, old, tail] = splitSection(body, `### ${subsection}`, "### ");
  // A full run replaces the table, in scenario order; a partial one (--only) updates its rows in place.
  const kept = old === undefined || !merge ? new Map<string, string>() : tableRows(old.split("\n"));
  for (const row of rows) kept.set(cell(row.scenario), formatRow(row));
  // A partial run adds its own line under the last full run's.
  const oldIntro = old === undefined || !merge ? [] : introLines(old);
  const lines = [...oldIntro, ...intro.filter((line) => !oldIntro.includes(line))];
  const table = [
    `### ${subsection}`,
    "",
    ...lines.flatMap((line, i) => (i === 0 ? [line] : ["", line])),
    "",
    HEADER,
    ALIGN,
    ...kept.values(),
    ...(skipped.length > 0 ? ["", ...skipped.map((line) => `- ${line}`)] : []),
    "",
  ].join("\n");
  const newSection = [head.trimEnd(), "", table, tail.trim()].filter((part, i) => i < 3 || part !== "").join("\n");
  return `${[before.trimEnd(), newSection.trimEnd(), after.trim()].filter(Boolean).join("\n\n")}\n`;
}

/** Carries the Load section of the previous RESULTS.md over into a newly written report (for `npm run bench`). */
export function keepLoadSection(previous: string, report: string): string {
  const [, section] = splitSection(previous, LOAD_HEADING);
  if (section === undefined) return report;
  const [before, , after] = splitSection(report, LOAD_HEADING);
  return `${[before.trimEnd(), section.trim(), after.trim()].filter(Boolean).join("\n\n")}\n`;
}
