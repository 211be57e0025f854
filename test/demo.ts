import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { connectDatabase, setConnection } from "../db/client";
import { startEmbeddedPostgres } from "../db/embedded";
import { runMigrations } from "../db/migrate";
import { clearEnvCache, getEnv } from "../server/env.server";
import { signInWithGitHub } from "../server/services/auth/sign-in-with-github";
import { createConnector } from "../server/services/connectors/create-connector";
import { createProject } from "../server/services/projects/create-project";
import { importRepositories } from "../server/services/repositories/import-repositories";
import { mapRepositoryToProject } from "../server/services/repositories/map-repository-to-project";
import { setupRepositoryWebhook } from "../server/services/webhooks/setup-repository-webhook";
import { createTicket } from "../server/services/tickets/create-ticket";
import { startFakeAnthropic } from "./fakes/anthropic";
import { DEMO_REPO_FILES, demoScripts } from "./fakes/demo-scripts";
import { DEFAULT_FAKE_USERS, startFakeGitHub } from "./fakes/github";
import { startFakeOpenAI } from "./fakes/openai";

/**
 * `npm run demo`: the whole product offline, with no keys. Starts the fake
 * GitHub (OAuth, REST, git over HTTP) with a repository of code, scripted
 * Claude and Codex, seeds a workspace for `octocat` (connector, repository,
 * project, tickets), then runs the app against them.
 */
const PORT = Number(process.env.PORT ?? 3434);
const APP_URL = `http://localhost:${PORT}`;
const DATA_DIR = path.resolve(".data/demo");

const github = await startFakeGitHub({ port: Number(process.env.DEMO_GITHUB_PORT ?? 3501) });
const anthropic = await startFakeAnthropic({ port: Number(process.env.DEMO_ANTHROPIC_PORT ?? 3502), scripts: demoScripts() });
const openai = await startFakeOpenAI({ port: Number(process.env.DEMO_OPENAI_PORT ?? 3503), scripts: demoScripts() });
await github.createRepo("octocat", "hello-lime", { files: DEMO_REPO_FILES });

const env: Record<string, string> = {
  NODE_ENV: "production",
  PORT: String(PORT),
  APP_URL,
  DATA_DIR,
  GITHUB_CLIENT_ID: github.clientId,
  GITHUB_CLIENT_SECRET: github.clientSecret,
  GITHUB_URL: github.url,
  GITHUB_API_URL: github.apiUrl,
  ANTHROPIC_API_KEY: "sk-ant-demo",
  ANTHROPIC_BASE_URL: anthropic.url,
  OPENAI_API_KEY: "sk-demo",
  OPENAI_BASE_URL: openai.url,
  OPENAI_API: "responses",
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
};

// A fresh workspace each time: the fake GitHub keeps its state in memory.
rmSync(DATA_DIR, { recursive: true, force: true });
Object.assign(process.env, env);
clearEnvCache();
const appEnv = getEnv();
const embedded = await startEmbeddedPostgres({ dataDir: path.join(DATA_DIR, "postgres"), database: "assembly_lime" });
await runMigrations(embedded.url);
const connection = connectDatabase(embedded.url, { max: 2 });
setConnection(connection);
try {
  const octocat = DEFAULT_FAKE_USERS[0]!;
  const { userId, tenantId } = await signInWithGitHub({
    id: octocat.id,
    login: octocat.login,
    name: octocat.name,
    email: octocat.emails?.[0] ?? null,
    avatarUrl: `${github.url}/avatars/${octocat.login}`,
  });
  const connector = await createConnector({
    tenantId,
    userId,
    env: appEnv,
    kind: "oauth",
    token: github.issueToken("octocat"),
    name: "Demo GitHub",
  });
  const [repo] = await importRepositories({
    tenantId,
    connectorId: connector.id,
    env: appEnv,
    fullNames: ["octocat/hello-lime"],
  });
  const { project } = await createProject({ tenantId, userId, name: "Hello Lime", key: "HELLO" });
  await mapRepositoryToProject({ tenantId, projectId: project.id, repositoryId: repo!.id, role: "primary" });
  await setupRepositoryWebhook({ tenantId, repositoryId: repo!.id, env: appEnv });
  for (const [title, descriptionMd] of [
    ["Add a multiply command", "`node src/cli.js multiply 2 3` should print 6. Add a test."],
    ["Explain the CLI in the README", "List every command with an example."],
    ["Handle non-numeric input", "Print a clear error instead of NaN."],
  ] as const)
    await createTicket({ tenantId, userId, projectId: project.id, title, descriptionMd, priority: "medium" });
} finally {
  await connection.sql.end();
  await embedded.stop();
}

console.log(`
Assembly Lime demo — everything runs locally, no keys needed.

  App          ${APP_URL}   (sign in with GitHub → "Authorize as octocat")
  Fake GitHub  ${github.url}/octocat/hello-lime
  Board        ${APP_URL}/projects/HELLO — open a ticket, press "Run agent", watch it stream,
               then follow the pull request link; merging it there moves the ticket to Done.
`);

const app = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { env: { ...process.env, ...env }, stdio: "inherit" });
const stop = async () => {
  app.kill("SIGTERM");
  await new Promise((resolve) => app.once("exit", resolve));
  await Promise.all([github.close(), anthropic.close(), openai.close()]);
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
app.once("exit", (code) => {
  if (code !== 0) process.exit(code ?? 1);
});
