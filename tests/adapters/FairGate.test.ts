import { describe, expect, it, onTestFinished, vi } from "vitest";
import { FairGate } from "../../src/adapters/FairGate.js";

/** Resolves after the event loop's next check phase, where the gate starts a waiting task. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A task the test finishes by hand, noting when it started. */
function manual(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => (started.push(name), done), finish };
}

describe("FairGate", () => {
  it("runs a few at once and then gives a freed place to the chat with the fewest updates waiting", async () => {
    const gate = new FairGate({ concurrency: 1, leaseMs: 60_000 });
    const started: string[] = [];
    const leaves = ["burst", "burst", "burst", "burst", "quiet"].map((key) => gate.arrived(key));
    const first = manual(started, "burst-1");
    const running = gate.run("burst", first.task);
    const second = manual(started, "burst-2");
    const burst = gate.run("burst", second.task);
    const quiet = manual(started, "quiet");
    const quick = gate.run("quiet", quiet.task);
    expect(started).toEqual(["burst-1"]);
    first.finish();
    await running;
    leaves[0]!();
    // The quiet chat (1 update) goes before the burst's next (3 left), though it came later.
    await nextTurn();
    expect(started).toEqual(["burst-1", "quiet"]);
    quiet.finish();
    await quick;
    leaves[4]!();
    second.finish();
    await burst;
    expect(started).toEqual(["burst-1", "quiet", "burst-2"]);
  });

  it("lets a task that outlives its lease go on without its place, so a slow send holds up nobody", async () => {
    const gate = new FairGate({ concurrency: 1, leaseMs: 20 });
    const started: string[] = [];
    const slow = manual(started, "slow");
    const hanging = gate.run("a", (lease) => (lease(), slow.task()));
    const next = manual(started, "next");
    const after = gate.run("b", next.task);
    next.finish();
    await after;
    expect(started).toEqual(["slow", "next"]);
    slow.finish();
    await hanging;
  });

  it("keeps the place of a task that has not started its lease, however long it takes", async () => {
    // Only the lease's timers are faked: the gate starts waiting tasks with setImmediate.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    onTestFinished(() => void vi.useRealTimers());
    const gate = new FairGate({ concurrency: 1, leaseMs: 1 });
    const started: string[] = [];
    const busy = manual(started, "busy");
    const running = gate.run("a", busy.task);
    const next = manual(started, "next");
    const waiting = gate.run("b", next.task);
    // Past the lease many times over, and still alone.
    vi.advanceTimersByTime(1000);
    await Promise.resolve();
    expect(started).toEqual(["busy"]);
    busy.finish();
    await running;
    next.finish();
    await waiting;
    expect(started).toEqual(["busy", "next"]);
  });

  it("starts each waiting task from the event loop, so timers run between answers that never wait on I/O", async () => {
    const gate = new FairGate({ concurrency: 1, leaseMs: 60_000 });
    const order: string[] = [];
    // Tasks that finish without any I/O, as answers from an in-process store do.
    const busy = (ms: number) => {
      for (const end = performance.now() + ms; performance.now() < end;);
    };
    const runs = Array.from({ length: 20 }, (_, i) => gate.run(`chat-${i}`, async () => void (busy(2), order.push(`chat-${i}`))));
    setTimeout(() => order.push("timer"), 0);
    await Promise.all(runs);
    expect(order.indexOf("timer")).toBeGreaterThan(0);
    expect(order.indexOf("timer")).toBeLessThan(order.length - 1);
  });

  it("starts one waiting task per turn even when several places free at once, so sockets and timers get a turn between them", async () => {
    const gate = new FairGate({ concurrency: 3, leaseMs: 60_000 });
    // Turns of the event loop, counted by a callback that runs once in each.
    let turn = 0;
    let counting = true;
    const count = () => {
      turn++;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const holders = [0, 1, 2].map((i) => manual([], `holder-${i}`));
    const held = holders.map((holder, i) => gate.run(`holder-${i}`, holder.task));
    const startedOn: number[] = [];
    const waiting = [0, 1, 2].map((i) => gate.run(`chat-${i}`, async () => void startedOn.push(turn)));
    for (const holder of holders) holder.finish();
    await Promise.all([...held, ...waiting]);
    counting = false;
    expect(new Set(startedOn).size).toBe(3);
  });

  it("starts everything waiting at once when unbound for a stop", async () => {
    const gate = new FairGate({ concurrency: 1, leaseMs: 60_000 });
    const started: string[] = [];
    const tasks = ["a", "b", "c"].map((key) => ({ key, ...manual(started, key) }));
    const runs = tasks.map(({ key, task }) => gate.run(key, task));
    expect(started).toEqual(["a"]);
    gate.unbind();
    await Promise.resolve();
    expect(started).toEqual(["a", "b", "c"]);
    const late = manual(started, "late");
    const lateRun = gate.run("d", late.task);
    expect(started).toContain("late");
    for (const { finish } of [...tasks, late]) finish();
    await Promise.all([...runs, lateRun]);
  });
});
