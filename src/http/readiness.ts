/**
 * One readiness check's answer: `true`/`false`, or the state with a short
 * detail for the operator ("connected", "polling stopped: 409 Conflict").
 */
export type CheckResult = boolean | { readonly ready: boolean; readonly detail?: string };

/** Called on every /readyz request; may be async (a store ping). Throwing counts as not ready. */
export type ReadinessCheck = () => CheckResult | Promise<CheckResult>;

/** One line of the /readyz body. */
export interface CheckState {
  readonly name: string;
  readonly ready: boolean;
  readonly detail?: string;
}

/** The /readyz body. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: readonly CheckState[];
}

/**
 * Runs every check at once, each bounded by `timeoutMs` so one hung
 * dependency makes the process "not ready" instead of hanging the probe.
 * With no check registered the process is not ready: nothing has said it can
 * serve yet.
 */
export async function runChecks(checks: ReadonlyMap<string, ReadinessCheck>, timeoutMs: number): Promise<ReadinessReport> {
  const states = await Promise.all([...checks].map(([name, check]) => runCheck(name, check, timeoutMs)));
  return { ready: states.length > 0 && states.every((state) => state.ready), checks: states };
}

async function runCheck(name: string, check: ReadinessCheck, timeoutMs: number): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      Promise.resolve().then(check),
      new Promise<CheckResult>((resolve) => {
        timer = setTimeout(() => resolve({ ready: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
      }),
    ]);
    if (typeof result === "boolean") return { name, ready: result };
    return { name, ready: result.ready, ...(result.detail === undefined ? {} : { detail: result.detail }) };
  } catch (error) {
    return { name, ready: false, detail: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
