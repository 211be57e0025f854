import path from "node:path";
import { defineConfig } from "@playwright/test";

const root = path.resolve(import.meta.dirname, "..");
// Six consecutive ports from E2E_PORT_BASE (default 3490), so checkouts side by side can run at once.
const BASE_PORT = Number(process.env.E2E_PORT_BASE ?? 3490);
const APP_PORT = BASE_PORT;
const GITHUB_PORT = BASE_PORT + 1;
export const APP_URL = `http://127.0.0.1:${APP_PORT}`;
const GITHUB_URL = `http://127.0.0.1:${GITHUB_PORT}`;
const ANTHROPIC_PORT = BASE_PORT + 2;
const OPENAI_PORT = BASE_PORT + 3;
const KUBE_PORT = BASE_PORT + 4;
export const KUBE_ADMIN_URL = `http://127.0.0.1:${BASE_PORT + 5}`;
// UDP, whose ports are apart from TCP's: the domains spec answers the app's TXT lookups here while it runs.
export const DNS_PORT = BASE_PORT;

export default defineConfig({
  testDir: ".",
  outputDir: path.join(root, "test-results"),
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    launchOptions: {
      // Playwright cannot download browsers here; Debian's Chromium is used instead.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: [
    {
      command: `node --import tsx test/fakes/github/main.ts ${GITHUB_PORT}`,
      cwd: root,
      url: `${GITHUB_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // Scripted Claude and Codex: the real SDKs in the app talk to these.
      command: `node --import tsx test/fakes/model-server.ts ${ANTHROPIC_PORT} ${OPENAI_PORT}`,
      cwd: root,
      url: `http://127.0.0.1:${ANTHROPIC_PORT}/v1/models`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      // A Kubernetes API server in memory; its second port lets tests move Jobs along.
      command: `node --import tsx test/fakes/kube-apiserver/main.ts ${KUBE_PORT} ${BASE_PORT + 5}`,
      cwd: root,
      url: `${KUBE_ADMIN_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: "rm -rf .data/e2e && node --import tsx server/main.ts",
      cwd: root,
      url: `${APP_URL}/readyz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        NODE_ENV: "production",
        PORT: String(APP_PORT),
        HOST: "127.0.0.1",
        APP_URL,
        DATA_DIR: ".data/e2e",
        LOG_LEVEL: "warn",
        GITHUB_CLIENT_ID: "fake-client-id",
        GITHUB_CLIENT_SECRET: "fake-client-secret",
        GITHUB_URL,
        GITHUB_API_URL: `${GITHUB_URL}/api/v3`,
        ANTHROPIC_API_KEY: "sk-ant-e2e",
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${ANTHROPIC_PORT}`,
        OPENAI_API_KEY: "sk-e2e",
        OPENAI_BASE_URL: `http://127.0.0.1:${OPENAI_PORT}/v1`,
        // The fake stands in for api.openai.com, whose Codex models are served on the Responses API only.
        OPENAI_API: "responses",
        DNS_SERVERS: `127.0.0.1:${DNS_PORT}`,
        // The fake cluster listens on loopback, which the outbound guard refuses unless a host is allowed.
        OUTBOUND_ALLOWED_HOSTS: "127.0.0.1",
      },
    },
  ],
});
