/**
 * Docker cannot run on the build machines, so the image is checked by
 * pieces: its steps are the production-start test's, and its health check
 * command really tells a healthy server from a missing one.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HttpServer } from "../src/http/HttpServer.js";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..");
const dockerfile = await readFile(join(REPO, "Dockerfile"), "utf8");

/** The JSON-array command of a Dockerfile instruction such as `CMD [...]` (continuation lines joined). */
function execForm(instruction: string): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, " ");
  const match = new RegExp(`^${instruction}\\s+(?:--\\S+\\s+)*(?:CMD\\s+)?(\\[.*\\])\\s*$`, "m").exec(joined);
  if (!match?.[1]) throw new Error(`no exec-form ${instruction} in the Dockerfile`);
  return JSON.parse(match[1]) as string[];
}

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("Dockerfile", () => {
  it("runs node directly, never npm, with production dependencies only, as a non-root user", () => {
    expect(execForm("CMD")).toEqual(["node", "dist/main.js"]);
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim|NODE_IMAGE=node:20-bookworm-slim/m);
    expect(dockerfile).toContain("npm ci --omit=dev");
    expect(dockerfile).toContain("npm run build");
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/app\/corpus", "\/app\/commands", "\/app\/data"\]$/m);
  });

  it("has a health check that passes against /healthz and fails with nothing listening", async () => {
    const [command, ...args] = execForm("HEALTHCHECK");
    expect(command).toBe("node");
    server = new HttpServer({ port: 0, host: "127.0.0.1" });
    const { port } = await server.listen();
    await expect(run(process.execPath, args, { env: { ...process.env, PORT: String(port) } })).resolves.toBeDefined();
    await server.close();
    await expect(run(process.execPath, args, { env: { ...process.env, PORT: String(port) } })).rejects.toMatchObject({ code: 1 });
  });
});

describe("compose.yaml", () => {
  it("runs the bot on PostgreSQL 16 with a named volume, once the database is healthy", async () => {
    const compose = parse(await readFile(join(REPO, "compose.yaml"), "utf8")) as {
      services: Record<
        string,
        {
          image?: string;
          init?: boolean;
          environment?: Record<string, string>;
          depends_on?: Record<string, { condition: string }>;
          healthcheck?: unknown;
          volumes?: string[];
        }
      >;
      volumes: Record<string, unknown>;
    };
    const { bot, db } = compose.services;
    expect(db?.image).toBe("postgres:16");
    expect(db?.healthcheck).toBeDefined();
    expect(db?.volumes).toContain("db-data:/var/lib/postgresql/data");
    expect(Object.keys(compose.volumes)).toContain("db-data");
    expect(bot?.environment?.STORE_URL).toMatch(/^postgres:\/\/cited:\$\{POSTGRES_PASSWORD[^}]*\}@db:5432\/cited$/);
    expect(bot?.depends_on?.db?.condition).toBe("service_healthy");
    expect(bot?.init).toBe(true);
    expect(bot?.healthcheck).toBeDefined();
  });
});
