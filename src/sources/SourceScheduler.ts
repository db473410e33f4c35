import { watch, type FSWatcher } from "chokidar";
import { Cron } from "croner";
import { join } from "node:path";
import type { Logger } from "../logger.js";
import { fetchSource, type SourceReport } from "./fetchSources.js";
import type { PoliteFetcher } from "./PoliteFetcher.js";
import { readSourcesFile, SOURCES_FILE, type SourceSpec } from "./sourcesFile.js";

export interface SourceSchedulerOptions {
  readonly corpusDir: string;
  readonly cacheDir: string;
  readonly fetcher: PoliteFetcher;
  readonly logger: Logger;
  /** Called after every fetch, e.g. to count it in the metrics. */
  readonly onReport?: (report: SourceReport) => void;
  /** Called when a scheduled fetch changed a source's documents: reload the corpus. */
  readonly onChanged: (reason: string) => void;
  /**
   * Whether an edit of `sources.yaml` takes effect while running (new
   * sources fetched and scheduled, removed ones unscheduled), without a restart.
   * @default false: the command-line tools fetch once; the bot passes true
   */
  readonly watch?: boolean;
}

/**
 * Keeps web sources fresh: fetches each at start (a copy fetched within its
 * interval is used as it is), then again every interval (croner), and asks
 * for a reload only when a fetch changed something.
 */
export class SourceScheduler {
  /** Each scheduled source by what identifies its settings, so a re-read keeps the jobs of unchanged ones. */
  private jobs = new Map<string, Cron>();
  private watcher: FSWatcher | undefined;
  private rereading: Promise<void> = Promise.resolve();
  /** The sources scheduled now, by URL, for a moderator's "fetch now". */
  private specs = new Map<string, SourceSpec>();
  /** Fetches under way, by URL: a second ask (a double click, the schedule) waits for the same one. */
  private inFlight = new Map<string, Promise<SourceReport>>();
  private constructor(private readonly options: SourceSchedulerOptions) {}

  /** Fetches what is not fresh, then schedules every source. A source that fails is reported and keeps its copy. */
  static async start(options: SourceSchedulerOptions): Promise<SourceScheduler> {
    const scheduler = new SourceScheduler(options);
    await scheduler.apply(await readSourcesFile(options.corpusDir));
    if (options.watch) await scheduler.watchFile();
    return scheduler;
  }

  /**
   * Reads `sources.yaml` again: sources that are new (or whose settings
   * changed) are fetched and scheduled, removed ones are no longer fetched,
   * and the corpus is reloaded when that changed what it holds. A file that
   * does not parse is reported and changes nothing.
   */
  reread(): Promise<void> {
    this.rereading = this.rereading.then(async () => {
      let specs: SourceSpec[];
      try {
        specs = await readSourcesFile(this.options.corpusDir);
      } catch (error) {
        this.options.logger.warn({ err: error }, `${SOURCES_FILE} not applied, the sources before it stay: ${(error as Error).message}`);
        return;
      }
      if (await this.apply(specs)) this.options.onChanged(`${SOURCES_FILE} changed`);
    });
    return this.rereading;
  }

  /**
   * Fetches one scheduled source now, whatever its interval (a moderator's
   * "fetch now"), and asks for a reload when that changed its documents;
   * undefined when no scheduled source has that URL. A failure is in the
   * report, and the source keeps its last copy.
   */
  async fetchNow(url: string): Promise<SourceReport | undefined> {
    const spec = this.specs.get(url);
    if (!spec) return undefined;
    // Under way already: whoever started it asks for the reload.
    const running = this.inFlight.get(url);
    if (running) return running;
    const report = await this.fetch(spec, { force: true });
    if (report.changed) this.options.onChanged(`web source fetched now (${spec.url})`);
    return report;
  }

  /** Schedules `specs`, fetching the new ones first; whether any source came or went. */
  private async apply(specs: readonly SourceSpec[]): Promise<boolean> {
    this.specs = new Map(specs.map((spec) => [spec.url, spec]));
    const wanted = new Map(specs.map((spec) => [JSON.stringify(spec), spec]));
    let changed = false;
    for (const [key, job] of this.jobs) {
      if (wanted.has(key)) continue;
      job.stop();
      this.jobs.delete(key);
      changed = true;
    }
    for (const [key, spec] of wanted) {
      if (this.jobs.has(key)) continue;
      await this.fetch(spec);
      changed = true;
      this.jobs.set(
        key,
        // Every second is eligible; `interval` spaces the runs, and `protect` never lets one overlap the next.
        new Cron(
          "* * * * * *",
          { interval: Math.max(60, Math.round(spec.everyMs / 1000)), startAt: new Date(Date.now() + spec.everyMs), protect: true },
          async () => {
            const report = await this.fetch(spec);
            if (report.changed) this.options.onChanged(`web source changed (${spec.url})`);
          },
        ),
      );
    }
    return changed;
  }

  private async watchFile(): Promise<void> {
    const watcher = watch(join(this.options.corpusDir, SOURCES_FILE), { ignoreInitial: true });
    watcher.on("all", () => void this.reread());
    watcher.on("error", (error) => this.options.logger.warn({ err: error }, `watching ${SOURCES_FILE} failed; restart to apply its changes`));
    this.watcher = watcher;
    await new Promise<void>((ready) => watcher.once("ready", ready));
  }

  private fetch(spec: SourceSpec, options: { force?: boolean } = {}): Promise<SourceReport> {
    const running = this.inFlight.get(spec.url);
    if (running) return running;
    const fetching = this.fetchAndReport(spec, options).finally(() => this.inFlight.delete(spec.url));
    this.inFlight.set(spec.url, fetching);
    return fetching;
  }

  private async fetchAndReport(spec: SourceSpec, options: { force?: boolean }): Promise<SourceReport> {
    const report = await fetchSource(spec, this.options.cacheDir, this.options.fetcher, options);
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

  /** How many web sources the corpus lists now. */
  get count(): number {
    return this.jobs.size;
  }

  stop(): void {
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    this.specs.clear();
    void this.watcher?.close();
    this.watcher = undefined;
  }
}
