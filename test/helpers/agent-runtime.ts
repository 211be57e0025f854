import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { createQueues, startWorkers } from "../../jobs";
import { createBoss, setBoss } from "../../jobs/boss";
import { clearEnvCache, getEnv } from "../../server/env.server";
import { EventBus, setEventBus } from "../../server/events/bus";
import { createApp } from "../../server/http/create-app";
import { followSessionChanges } from "../../server/services/sessions/session-cache";
import { createLogger } from "../../server/logger";
import { startFakeAnthropic } from "../fakes/anthropic";
import { startFakeGitHub } from "../fakes/github";
import { startFakeOpenAI } from "../fakes/openai";
import { testDatabase } from "../setup-database";
import { freePort } from "./wait";

/**
 * What an agent-run test stands on: the fake Anthropic, OpenAI and GitHub
 * APIs, the environment pointing the real SDKs at them, a workspace root, the
 * event bus, pg-boss with this process's workers, and the HTTP app (webhooks,
 * uploads, tRPC) on APP_URL — the same parts `npm start` runs.
 */
export async function startAgentRuntime(overrides: Record<string, string> = {}) {
  const [anthropic, openai, github] = await Promise.all([startFakeAnthropic(), startFakeOpenAI(), startFakeGitHub()]);
  const workspaces = mkdtempSync(path.join(os.tmpdir(), "al-workspaces-"));
  const port = await freePort();
  Object.assign(process.env, {
    APP_URL: `http://127.0.0.1:${port}`,
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: anthropic.url,
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: openai.url,
    GITHUB_URL: github.url,
    GITHUB_API_URL: github.apiUrl,
    WORKSPACES_DIR: workspaces,
    DATA_DIR: path.join(workspaces, ".data"),
    RUN_STALE_AFTER_SECONDS: "4",
    ...overrides,
  });
  clearEnvCache();
  const env = getEnv();
  const logger = createLogger("silent");
  const bus = new EventBus(testDatabase.url);
  await bus.start();
  setEventBus(bus);
  const stopFollowingSessions = followSessionChanges(bus); // as server/runtime.ts does
  const boss = createBoss(testDatabase.url, logger);
  await boss.start();
  setBoss(boss);
  await createQueues(boss);
  await startWorkers(boss, { env, logger });
  const app = createApp({ env, logger, readiness: { database: true, migrations: true, jobs: true, events: true } });
  const server: Server = app.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    env,
    url: env.APP_URL,
    anthropic,
    openai,
    github,
    workspaces,
    bus,
    boss,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await boss.stop({ graceful: true, timeout: 5_000, close: true });
      setBoss(undefined);
      stopFollowingSessions();
      await bus.stop();
      setEventBus(undefined);
      await Promise.all([anthropic.close(), openai.close(), github.close()]);
      rmSync(workspaces, { recursive: true, force: true });
    },
  };
}
