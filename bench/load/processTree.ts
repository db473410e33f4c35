import { readdirSync, readFileSync } from "node:fs";

/** One process of a tree, as /proc shows it now. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Process group: a detached child leads its own, which its descendants keep even when re-parented. */
  readonly pgid: number;
  /** Resident memory now, in bytes. */
  readonly rss: number;
  /** Peak resident memory since the process started (VmHWM), in bytes. */
  readonly peak: number;
  readonly commandLine: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0) * 1024;
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    // Fields after the command name in parentheses: state, ppid, pgrp…
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2] ?? 0);
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid, pgid, rss: field("VmRSS"), peak: field("VmHWM"), commandLine };
  } catch {
    // Gone between the listing and the read.
    return undefined;
  }
}

function allProcesses(): ProcessInfo[] {
  const all: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info) all.push(info);
  }
  return all;
}

/** The processes of a process group, including those whose parent has exited. */
export function processGroup(pgid: number): ProcessInfo[] {
  return allProcesses().filter((info) => info.pgid === pgid);
}

/** `root` and every process below it (Linux /proc). */
export function processTree(root: number): ProcessInfo[] {
  const all = allProcesses();
  const tree: ProcessInfo[] = [];
  const wanted = new Set([root]);
  // Parents come before children in most listings, but not always: repeat until stable.
  for (let changed = true; changed;) {
    changed = false;
    for (const info of all) {
      if (!wanted.has(info.pid) && !wanted.has(info.ppid)) continue;
      if (tree.some((known) => known.pid === info.pid)) continue;
      wanted.add(info.pid);
      tree.push(info);
      changed = true;
    }
  }
  return tree;
}

/**
 * Samples a process group's memory every `intervalMs` (the bot is started
 * detached, leading its own group: npm, its shell, the tsx CLI and node): the
 * peak of the sum of resident memory over the group, and the highest VmHWM
 * of the processes that `isBot` picks (the node process running the bot).
 */
export class MemorySampler {
  peakTree = 0;
  peakBot = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly root: number,
    private readonly isBot: (info: ProcessInfo) => boolean,
    intervalMs = 100,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    this.sample();
  }

  sample(): void {
    const tree = processGroup(this.root);
    const total = tree.reduce((sum, info) => sum + info.rss, 0);
    this.peakTree = Math.max(this.peakTree, total);
    for (const info of tree) if (this.isBot(info)) this.peakBot = Math.max(this.peakBot, info.peak);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
