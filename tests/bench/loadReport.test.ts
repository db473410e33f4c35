import { describe, expect, it } from "vitest";
import { keepLoadSection, updateLoadSection } from "../../bench/load/report.js";
import { percentile, tally } from "../../bench/load/tally.js";

const RESULTS = "# Benchmark results\n\nIntro.\n\n## Answer quality\n\n| a |\n\n## Targets\n\n| t |\n";

describe("the Load section of bench/RESULTS.md", () => {
  it("is added once, keeps the rest of the file, and a later run replaces only its own rows", () => {
    const first = updateLoadSection(
      RESULTS,
      "One bot",
      ["run 1"],
      [tally("burst", [{ key: "a", at: 0 }], () => [{ at: 40, text: "x" }]), tally("flood", [], () => [])],
      [],
    );
    expect(first).toContain("## Answer quality\n\n| a |");
    expect(first).toContain("## Targets\n\n| t |");
    expect(first.match(/## Load/g)).toHaveLength(1);

    const second = updateLoadSection(first, "One bot", ["run 2"], [tally("burst", [{ key: "a", at: 0 }], () => [])], ["skipped thing"]);
    // A partial run (merge) adds its line under the earlier run's.
    expect(second).toContain("run 1\n\nrun 2");
    expect(second.match(/^\| burst \|/gm)).toHaveLength(1);
    expect(second).toMatch(/^\| burst \| 1 \| 0 \| 1 \|/m);
    expect(second).toMatch(/^\| flood \|/m);
    expect(second).toContain("- skipped thing");

    const full = updateLoadSection(second, "One bot", ["run 4"], [tally("flood", [], () => [])], [], false);
    expect(full).not.toMatch(/^\| burst \|/m);
    expect(full).toMatch(/^\| flood \|/m);
    expect(full).toContain("run 4");
    expect(full).not.toContain("run 1");

    const replicas = updateLoadSection(second, "2 replicas", ["run 3"], [tally("webhook", [], () => [])], []);
    expect(replicas).toContain("### One bot");
    expect(replicas).toContain("### 2 replicas");
    expect(replicas.match(/## Load/g)).toHaveLength(1);
  });

  it("survives npm run bench rewriting the file", () => {
    const withLoad = updateLoadSection(RESULTS, "One bot", [], [tally("burst", [], () => [])], []);
    const rewritten = keepLoadSection(withLoad, "# Benchmark results\n\nNew run.\n\n## Targets\n\n| t2 |\n");
    expect(rewritten).toContain("New run.");
    expect(rewritten).toContain("### One bot");
    expect(keepLoadSection(RESULTS, "# New\n")).toBe("# New\n");
  });
});

describe("tally", () => {
  it("counts a reply text sent twice as a duplicate, but not a long answer in two parts", () => {
    const replies: Record<string, Array<{ at: number; text: string }>> = {
      once: [{ at: 10, text: "a" }],
      split: [
        { at: 20, text: "part 1" },
        { at: 21, text: "part 2" },
      ],
      twice: [
        { at: 30, text: "b" },
        { at: 90, text: "b" },
      ],
    };
    const asked = ["once", "split", "twice", "lost"].map((key) => ({ key, at: 0 }));
    const row = tally("t", asked, (key) => replies[key] ?? [], { lateMs: 25 });
    expect(row).toMatchObject({ sent: 4, answered: 3, lost: 1, duplicated: 1, late: 1, p50Ms: 20, p99Ms: 30 });
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2);
  });
});
