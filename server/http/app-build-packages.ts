/**
 * The packages the Remix server build (build/index.js) imports, node: modules aside.
 * Loading them took most of the second the server spent importing a fresh build, so
 * while `npm start` still builds the app the server loads them (see main.ts) and the
 * build's import then compiles our own code only. app-build-packages.test.ts keeps
 * this list equal to what the build imports.
 */
export const APP_BUILD_PACKAGES = [
  "@dnd-kit/core",
  "@dnd-kit/sortable",
  "@dnd-kit/utilities",
  "@octokit/plugin-retry",
  "@octokit/plugin-throttling",
  "@octokit/rest",
  "@radix-ui/react-dialog",
  "@remix-run/node",
  "@remix-run/react",
  "@trpc/client",
  "@trpc/server",
  "@trpc/server/http",
  "arctic",
  "cmdk",
  "diff",
  "drizzle-orm",
  "drizzle-orm/pg-core",
  "drizzle-orm/postgres-js",
  "fractional-indexing",
  "isbot",
  "lru-cache",
  "pg-boss",
  "pino",
  "postgres",
  "react",
  "react-dom/server",
  "react-markdown",
  "react/jsx-runtime",
  "remix-auth",
  "remix-auth-github",
  "superjson",
  "zod",
];

/** Loads them all; a package that fails to load fails again, with its error, when the build is imported. */
export async function loadAppBuildPackages() {
  await Promise.all(APP_BUILD_PACKAGES.map((name) => import(name).catch(() => undefined)));
}
