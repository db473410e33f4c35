import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromiumMissing, launchChromium } from "../fakes/chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReport } from "../../src/report/renderReport.js";
import { openStore } from "../../src/store/index.js";
import { seedStore } from "./seedStore.js";

/** Debian's chromium (.ci/run installs it); browsers that download themselves cannot be fetched here. */
const missing = chromiumMissing;
if (missing) console.warn(`report browser test ${missing}`);

describe("the report in a real browser", () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "cited-browser-"));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it.skipIf(missing !== undefined)(
    `renders every chart, fetching nothing${missing ? ` (${missing})` : ""}`,
    async () => {
      const url = `sqlite:${join(folder, "cited.db")}`;
      await seedStore(url);
      const store = await openStore({ url, pruneEveryMs: 0 });
      const page = join(folder, "report.html");
      await writeFile(page, renderReport(await store.gaps.stats({ since: new Date(Date.now() - 30 * 24 * 60 * 60 * 1000) }), { days: 30 }));
      await store.close();

      const browser = await launchChromium(folder);
      try {
        const tab = await browser.newPage();
        await tab.setViewport({ width: 900, height: 1600 });
        const requested: string[] = [];
        tab.on("request", (request) => void requested.push(request.url()));
        await tab.goto(pathToFileURL(page).href, { waitUntil: "load" });
        const charts = await tab.$$eval("svg.chart", (svgs) =>
          svgs.map((svg) => {
            const box = svg.getBoundingClientRect();
            const bars = [...svg.querySelectorAll("rect.bar")].filter((bar) => {
              const barBox = bar.getBoundingClientRect();
              return barBox.width > 0 && barBox.height > 0;
            });
            return { name: svg.getAttribute("data-chart"), width: box.width, height: box.height, bars: bars.length };
          }),
        );
        const screenshot = join(folder, "report.png");
        await tab.screenshot({ path: screenshot as `${string}.png`, fullPage: true });
        if (process.env.REPORT_SCREENSHOT) await writeFile(process.env.REPORT_SCREENSHOT, await readFile(screenshot));

        expect(charts.map((chart) => chart.name)).toEqual(["questions-per-day", "answered-share", "votes-per-section", "most-cited-sections", "top-gaps"]);
        for (const chart of charts) {
          expect(chart.width, chart.name ?? "").toBeGreaterThan(100);
          expect(chart.height, chart.name ?? "").toBeGreaterThan(20);
          expect(chart.bars, chart.name ?? "").toBeGreaterThan(0);
        }
        // Seven days with questions in the seed, one bar or two each.
        expect(charts[0]!.bars).toBeGreaterThanOrEqual(7);
        expect(requested.every((address) => address.startsWith("file:") || address.startsWith("data:"))).toBe(true);
        const png = await readFile(screenshot);
        expect(png.subarray(1, 4).toString()).toBe("PNG");
        expect(png.length).toBeGreaterThan(20_000);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
});
