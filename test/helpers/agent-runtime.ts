import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createQueues, startWorkers } from "../../jobs";
import { createBoss, setBoss } from "../../jobs/boss";
import { clearEnvCache, getEnv } from "../../server/env.server";
import { EventBus, setEventBus } from "../../server/events/bus";
import { createLogger } from "../../server/logger";
import { startFakeAnthropic } from "../fakes/anthropic";
import { startFakeOpenAI } from "../fakes/openai";
import { testDatabase } from "../setup-database";

/**
 * What an agent-run test stands on: the fake Anthropic and OpenAI APIs, the
 * environment pointing the real SDKs at them, a workspace root, the event bus,
 * and pg-boss with this process's workers — the same parts `npm start` runs.
 */
export async function startAgentRuntime(overrides: Record<string, string> = {}) {
  const anthropic = await startFakeAnthropic();
  const openai = await startFakeOpenAI();
  const workspaces = mkdtempSync(path.join(os.tmpdir(), "al-workspaces-"));
  Object.assign(process.env, {
    ANTHROPIC_API_KEY: "sk-ant-test",
    ANTHROPIC_BASE_URL: anthropic.url,
    OPENAI_API_KEY: "sk-test",
    OPENAI_BASE_URL: openai.url,
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
  const boss = createBoss(testDatabase.url, logger);
  await boss.start();
  setBoss(boss);
  await createQueues(boss);
  await startWorkers(boss, { env, logger });
  return {
    env,
    anthropic,
    openai,
    workspaces,
    bus,
    boss,
    async stop() {
      await boss.stop({ graceful: true, timeout: 5_000, close: true });
      setBoss(undefined);
      await bus.stop();
      setEventBus(undefined);
      await anthropic.close();
      await openai.close();
      rmSync(workspaces, { recursive: true, force: true });
    },
  };
}
