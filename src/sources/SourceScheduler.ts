import { Cron } from "croner";
import type { Logger } from "../logger.js";
import { fetchSource, type SourceReport } from "./fetchSources.js";
import type { PoliteFetcher } from "./PoliteFetcher.js";
import { readSourcesFile } from "./sourcesFile.js";

export interface SourceSchedulerOptions {
  readonly corpusDir: string;
  readonly cacheDir: string;
  readonly fetcher: PoliteFetcher;
  readonly logger: Logger;
  /** Called after every fetch, e.g. to count it in the metrics. */
  readonly onReport?: (report: SourceReport) => void;
  /** Called when a scheduled fetch changed a source's documents: reload the corpus. */
  readonly onChanged: (reason: string) => void;
}

/**
 * Keeps web sources fresh: fetches each at start (a copy fetched within its
 * interval is used as it is), then again every interval (croner), and asks
 * for a reload only when a fetch changed something.
 */
export class SourceScheduler {
  private jobs: Cron[] = [];
  private constructor(private readonly options: SourceSchedulerOptions) {}

  /** Fetches what is not fresh, then schedules every source. A source that fails is reported and keeps its copy. */
  static async start(options: SourceSchedulerOptions): Promise<SourceScheduler> {
    const scheduler = new SourceScheduler(options);
    const specs = await readSourcesFile(options.corpusDir);
    for (const spec of specs) await scheduler.fetch(spec);
    scheduler.jobs = specs.map(
      (spec) =>
        // Every second is eligible; `interval` spaces the runs, and `protect` never lets one overlap the next.
        new Cron(
          "* * * * * *",
          { interval: Math.max(60, Math.round(spec.everyMs / 1000)), startAt: new Date(Date.now() + spec.everyMs), protect: true },
          async () => {
            const report = await scheduler.fetch(spec);
            if (report.changed) options.onChanged(`web source changed (${spec.url})`);
          },
        ),
    );
    return scheduler;
  }

  private async fetch(spec: Parameters<typeof fetchSource>[0]): Promise<SourceReport> {
    const report = await fetchSource(spec, this.options.cacheDir, this.options.fetcher);
    this.options.onReport?.(report);
    if (report.error)
      this.options.logger.warn({ url: report.url, err: report.error }, `web source ${report.url} failed, keeping its last copy: ${report.error}`);
    else
      this.options.logger.info(
        { url: report.url, result: report.result, documents: report.documents, changed: report.changed },
        `web source ${report.url}: ${report.result}`,
      );
    return report;
  }

  /** How many web sources the corpus lists (read at start). */
  get count(): number {
    return this.jobs.length;
  }

  stop(): void {
    for (const job of this.jobs) job.stop();
    this.jobs = [];
  }
}
