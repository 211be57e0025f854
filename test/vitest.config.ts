import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

const root = path.resolve(import.meta.dirname, "..");
// Soak tests (`*.soak.test.ts`) load the machine for minutes: `npm run test:soak` runs them on their own, after the rest.
const soak = Boolean(process.env.VITEST_SOAK);

export default defineConfig({
  root,
  resolve: { alias: { "~": path.join(root, "app") } },
  test: {
    include: soak ? ["{app,server,jobs,db,k8s,test}/**/*.soak.test.ts"] : ["{app,server,jobs,db,k8s,test}/**/*.test.{ts,tsx}"],
    exclude: soak ? configDefaults.exclude : [...configDefaults.exclude, "**/*.soak.test.ts"],
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
