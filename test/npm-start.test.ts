import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneHead, findServerPid, npmStart, signalGroup, stopAndWait, untilReady, type NpmStart } from "./helpers/npm-start";
import { freePort, waitFor } from "./helpers/wait";

/**
 * `npm start` as the README gives it, on a clone of HEAD (what CI's clean clone has;
 * uncommitted changes are not in it): the first start builds the server and the app
 * and serves pages, a second one finds the build up to date, and a build that fails
 * ends the start with one line and exit code 1, its server and Postgres stopped.
 */
const tempDir = mkdtempSync(path.join(os.tmpdir(), "al-npm-start-"));
// The embedded Postgres runs as the `postgres` user when we are root: it must be able to enter the folder.
chmodSync(tempDir, 0o755);
const cloneDir = path.join(tempDir, "app");
const dataDir = path.join(tempDir, "data");
const started: NpmStart[] = [];

async function start() {
  const app = npmStart({ cwd: cloneDir, port: await freePort(), dataDir });
  started.push(app);
  return app;
}

beforeAll(() => {
  cloneHead(cloneDir);
}, 120_000);

afterAll(() => {
  for (const app of started) signalGroup(app.child, "SIGKILL");
  rmSync(tempDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("on a fresh clone builds, serves the app's pages, and stops cleanly on SIGTERM", { timeout: 240_000 }, async () => {
    const app = await start();
    await untilReady(app);
    const login = await fetch(`${app.url}/login`);
    expect(login.status).toBe(200);
    // The server-rendered login page (GitHub is not configured in this environment, which the page says).
    expect(await login.text()).toContain("GitHub login is not configured");
    expect(findServerPid(app.child.pid!)).toBeDefined();
    expect(app.output()).toMatch(/built server and app \(\d+ ms; the server bundle took \d+ ms\)/);
    expect(existsSync(path.join(cloneDir, "build", "inputs.sha256"))).toBe(true);

    await stopAndWait(app);
    expect(app.output()).toContain('"msg":"stopped"');
    expect(existsSync(path.join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
  });

  it("a second time finds the build up to date and serves the same pages", { timeout: 120_000 }, async () => {
    const app = await start();
    await untilReady(app);
    expect(app.output()).toMatch(/build is up to date \(\d+ ms\)/);
    expect((await fetch(`${app.url}/login`)).status).toBe(200);
    await stopAndWait(app);
  });

  it("when the app does not build, says so in one line and exits 1 with its server stopped", { timeout: 240_000 }, async () => {
    const root = path.join(cloneDir, "app", "root.tsx");
    const source = readFileSync(root, "utf8");
    appendFileSync(root, "\nexport const broken = ;\n");
    try {
      const app = await start();
      expect(await app.exited).toBe(1);
      const output = app.output();
      expect(output).toContain("The app did not build: the Remix compiler reported errors (above)");
      expect(output).toMatch(/app\/root\.tsx:\d+:\d+: ERROR/);
      // The server it had spawned stopped its Postgres and exited.
      await waitFor(async () => !existsSync(path.join(dataDir, "postgres", "postmaster.pid")), "Postgres to stop", {
        timeoutMs: 30_000,
      });
      expect(findServerPid(app.child.pid!)).toBeUndefined();
    } finally {
      writeFileSync(root, source);
    }
  });
});
