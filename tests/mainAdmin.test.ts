import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { consoleEnv } from "./fakes/consoleEnv.js";

/**
 * `npm start` with no token: the console chat serves the moderators' page on
 * 127.0.0.1 (PORT), and `/admin` prints a link to it that opens a session.
 */
describe("the console chat's moderators' page", () => {
  it("prints a one-time link to the page it serves on 127.0.0.1", async () => {
    const bot = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: consoleEnv({ PORT: "0" }),
      stdio: ["pipe", "pipe", "pipe"],
    });
    try {
      let printed = "";
      const link = new Promise<string>((resolve, reject) => {
        bot.stdout.on("data", (chunk: Buffer) => {
          printed += chunk.toString();
          const match = /http:\/\/localhost:(\d+)\/admin\/login\?token=[\w-]{43}/.exec(printed);
          if (match) resolve(match[0]);
        });
        bot.once("exit", () => reject(new Error(`the bot ended before printing a link: ${printed}`)));
      });
      bot.stdin.write("/admin\n");
      const url = (await link).replace("localhost", "127.0.0.1");
      const opened = await fetch(url);
      expect(opened.status).toBe(200);
      expect(opened.headers.get("set-cookie")).toMatch(/^cited_admin=[\w-]{43};.*HttpOnly/);
      const cookie = opened.headers.get("set-cookie")!.split(";")[0]!;
      const overview = await fetch(new URL("/admin", url), { headers: { cookie } });
      expect(await overview.text()).toContain("Operator (all communities)");
      expect((await fetch(url)).status).toBe(403);
    } finally {
      bot.stdin.end();
      if (bot.exitCode === null) await once(bot, "exit");
    }
    expect(bot.exitCode).toBe(0);
  }, 60_000);
});
