import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");

export default defineConfig({
  root,
  resolve: { alias: { "~": path.join(root, "app") } },
  test: {
    include: ["{app,server,jobs,db,k8s,test}/**/*.test.{ts,tsx}"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // As Playwright does in CI: one retry, so a rare race under CI's load does not block a landing;
    // a test that fails twice still fails. The retry is reported in the output.
    retry: process.env.CI ? 1 : 0,
  },
});
