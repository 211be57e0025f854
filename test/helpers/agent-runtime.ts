import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createQueues, startWorkers } from "../../jobs";
import { createBoss, setBoss } from "../../jobs/boss";
import { clearEnvCache, getEnv } from "../../server/env.server";
import { createLogger } from "../../server/logger";
import { startFakeAnthropic } from "../fakes/anthropic";
import { startFakeGitHub } from "../fakes/github";
import { startFakeOpenAI } from "../fakes/openai";
import { testDatabase } from "../setup-database";
import { startTestServer } from "./http";
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
    // The fake stands in for api.openai.com, which serves the Codex models on the Responses API only.
    OPENAI_API: "responses",
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
  const server = await startTestServer({ port, env, logger });
  const boss = createBoss(testDatabase.url, logger);
  await boss.start();
  setBoss(boss);
  await createQueues(boss);
  await startWorkers(boss, { env, logger });
  return {
    env,
    url: env.APP_URL,
    anthropic,
    openai,
    github,
    workspaces,
    async stop() {
      await server.closeHttp();
      await boss.stop({ graceful: true, timeout: 5_000, close: true });
      setBoss(undefined);
      await server.close();
      await Promise.all([anthropic.close(), openai.close(), github.close()]);
      rmSync(workspaces, { recursive: true, force: true });
    },
  };
}
