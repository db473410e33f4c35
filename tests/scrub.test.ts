import { describe, expect, it } from "vitest";
import { rememberSecrets, scrub, scrubbedMessage, secretsInEnvironment } from "../src/scrub.js";

describe("scrub", () => {
  it("removes secrets by shape even when their values are unknown here", () => {
    const text = [
      "request to https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe failed",
      "Authorization: Bot MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GabcDE.abcdefghijklmnopqrstuvwxyz0123",
      "connect to postgres://cited:hunter2-pass@db:5432/cited failed",
      "sqlite:data/x.db?password=opensesame&mode=ro",
    ].join("\n");
    const out = scrub(text);
    for (const secret of ["AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "GabcDE", "hunter2-pass", "opensesame"]) expect(out).not.toContain(secret);
    expect(out).toContain("/getMe failed");
    expect(out).toContain("postgres://cited:[redacted]@db:5432/cited");
    // A password already masked the way STORE_URL is shown stays so.
    expect(scrub("STORE_URL=postgres://cited:***@db/cited")).toBe("STORE_URL=postgres://cited:***@db/cited");
  });

  it("removes remembered values in every spelling, as in the environment's secrets", () => {
    rememberSecrets(secretsInEnvironment({ TELEGRAM_WEBHOOK_SECRET: "we/bhook secret", STORE_URL: "postgres://u:p%40ss-word@h/db" }));
    expect(scrub('{"detail":"we/bhook secret"} we%2Fbhook%20secret')).toBe('{"detail":"[redacted]"} [redacted]');
    expect(scrubbedMessage(new Error("login failed with p@ss-word"))).toBe("login failed with [redacted]");
  });
});
