import fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webAdmin } from "../../../src/adapters/web/webAdmin.js";
import { startLoopBot, type LoopBot } from "../../fakes/loopBot.js";
import { MODERATOR_A } from "./adminHarness.js";

/** How main mounts the page: registered before listening, served once the answer service is built. */
let bot: LoopBot;
beforeAll(async () => {
  bot = await startLoopBot();
}, 60_000);
afterAll(async () => {
  await bot?.close();
});

describe("webAdmin", () => {
  it("says the bot is starting until it is served, then shows the pages; its links point at PUBLIC_URL", async () => {
    let port = 0;
    const admin = webAdmin({ store: bot.store, publicUrl: () => `http://localhost:${port}` });
    const app = fastify();
    await app.register(admin.plugin);
    await app.listen({ host: "127.0.0.1", port: 0 });
    try {
      port = (app.server.address() as { port: number }).port;
      const { url } = await admin.loginLinks!(MODERATOR_A);
      expect(url).toMatch(new RegExp(`^http://localhost:${port}/admin/login\\?token=[\\w-]{43}$`));
      const login = await fetch(url.replace("localhost", "127.0.0.1"));
      const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
      const early = await fetch(`http://127.0.0.1:${port}/admin/taught`, { headers: { cookie } });
      expect(early.status).toBe(503);
      expect(await early.text()).toContain("still starting");
      admin.serve({ services: bot.holder });
      const served = await fetch(`http://127.0.0.1:${port}/admin/taught`, { headers: { cookie } });
      expect(served.status).toBe(200);
      expect(await served.text()).toContain("Taught answers");
    } finally {
      await app.close();
    }
  });
});
