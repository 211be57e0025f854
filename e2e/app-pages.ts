import { readdirSync } from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { addBacklogTicket, connectGitHub, createProject, importHelloLime, login, uniqueKey } from "./fixtures";

/**
 * Every page of the app, one entry per route file in app/routes/, for the walks
 * that must see them all: the accessibility check (axe.spec.ts) and the role walk
 * (dashboard-access.spec.ts). A route file that is not a page is listed in
 * NOT_PAGES with why; test/architecture/app-pages.test.ts fails on a route file
 * in neither list, or an entry whose file is gone.
 */

/** The workspace the walks open the pages of: made by `prepareEveryPage`. */
export type PageContext = { projectKey: string; ticketKey: string; runId: string; repoPath: string };

/** A page, or a page and the button there that opens an editor dialog (the role walk opens it; axe sees the page). */
export type Stop = string | { path: string; open: string };

type AppPage = {
  /** What to open for this route, given the workspace. */
  stops: (context: PageContext) => Stop[];
  /** Shown signed out only: walked by axe on its own, not by the signed-in walks. */
  signedOut?: true;
};

export const APP_PAGES: Record<string, AppPage> = {
  "_app._index.tsx": { stops: () => ["/"] },
  "_app.projects._index.tsx": { stops: () => ["/projects"] },
  "_app.projects.$key.tsx": {
    stops: ({ projectKey, ticketKey }) => [
      `/projects/${projectKey}`,
      { path: `/projects/${projectKey}`, open: "Edit columns" },
      { path: `/projects/${projectKey}`, open: "Automation" },
      `/projects/${projectKey}?ticket=${ticketKey}`,
      { path: `/projects/${projectKey}?ticket=${ticketKey}`, open: "Run agent" },
    ],
  },
  "_app.command.tsx": { stops: ({ runId }) => ["/command", `/command?run=${runId}`] },
  "_app.runs._index.tsx": { stops: () => ["/runs"] },
  "_app.runs.$id.tsx": { stops: ({ runId }) => [`/runs/${runId}`] },
  "_app.repos._index.tsx": { stops: () => ["/repos"] },
  "_app.repos.$id.tsx": { stops: ({ repoPath }) => [repoPath] },
  "_app.features.tsx": { stops: () => ["/features"] },
  "_app.connectors.tsx": { stops: () => ["/connectors"] },
  "_app.clusters.tsx": { stops: () => ["/clusters"] },
  "_app.sandboxes.tsx": { stops: () => ["/sandboxes"] },
  "_app.domains.tsx": { stops: () => ["/domains"] },
  "_app.invitations._index.tsx": { stops: () => ["/invitations"] },
  // A link nobody was invited by: the page every stale or foreign link shows (a live one is answered in members-invite.spec.ts).
  "_app.invitations.$token.tsx": { stops: () => ["/invitations/no-such-invitation"] },
  "_app.settings.instructions.tsx": { stops: () => ["/settings/instructions"] },
  "_app.settings.members.tsx": { stops: () => ["/settings/members"] },
  "_app.settings.api-keys.tsx": { stops: () => ["/settings/api-keys"] },
  "_app.settings.integrations.tsx": { stops: () => ["/settings/integrations"] },
  "_app.settings.model-prices.tsx": { stops: () => ["/settings/model-prices"] },
  "_app.settings.audit.tsx": { stops: () => ["/settings/audit"] },
  "_app.$.tsx": { stops: () => ["/no-such-page"] },
  "login.tsx": { stops: () => ["/login"], signedOut: true },
};

/** Route files that render no page of their own, and why. */
export const NOT_PAGES: Record<string, string> = {
  "_app.tsx": "the layout (sidebar, header, menus) every signed-in page renders in; walked with each of them",
  "auth.github.tsx": "sends the browser to GitHub's sign-in",
  "auth.github.callback.tsx": "GitHub's sign-in callback: signs in and redirects",
  "auth.github.callback_.connector.tsx": "GitHub's callback for connecting an organisation: stores the connector and redirects",
  "connectors.github.tsx": "sends the browser to GitHub to connect an organisation",
  "logout.tsx": "an action: signs out and redirects",
  "workspaces.switch.tsx": "an action: switches the workspace and redirects",
};

/** The files in app/routes/ that Remix makes routes of (remix.config.js ignores dotfiles and tests). */
export function routeFiles(root: string) {
  return readdirSync(path.join(root, "app/routes"))
    .filter((file) => !file.startsWith(".") && !/\.test\.tsx?$/.test(file))
    .sort();
}

/** What keeps the lists true: a route file in neither list, in both, or an entry whose file is gone. */
export function pageListProblems(files: string[], pages: Record<string, unknown> = APP_PAGES, notPages = NOT_PAGES) {
  const problems: string[] = [];
  for (const file of files) {
    if (!(file in pages) && !(file in notPages))
      problems.push(`app/routes/${file} is in neither APP_PAGES nor NOT_PAGES (e2e/app-pages.ts): the walks would miss it`);
    if (file in pages && file in notPages) problems.push(`app/routes/${file} is in both APP_PAGES and NOT_PAGES`);
  }
  for (const entry of [...Object.keys(pages), ...Object.keys(notPages)])
    if (!files.includes(entry)) problems.push(`e2e/app-pages.ts lists ${entry}, which is not a route file in app/routes/`);
  return problems;
}

/** Every stop of the signed-in pages, in the list's order. */
export function signedInStops(context: PageContext): Stop[] {
  return Object.values(APP_PAGES)
    .filter((page) => !page.signedOut)
    .flatMap((page) => page.stops(context));
}

/** The signed-in pages' paths, each once (the dialogs aside). */
export function signedInPaths(context: PageContext): string[] {
  return [...new Set(signedInStops(context).map((stop) => (typeof stop === "string" ? stop : stop.path)))];
}

/** The signed-out pages' paths. */
export function signedOutPaths(): string[] {
  const none: PageContext = { projectKey: "", ticketKey: "", runId: "", repoPath: "" };
  return Object.values(APP_PAGES)
    .filter((page) => page.signedOut)
    .flatMap((page) => page.stops(none))
    .map((stop) => (typeof stop === "string" ? stop : stop.path));
}

/**
 * Signs in as octocat and makes what every page shows once there is something to
 * show: a connected GitHub organisation, an imported repository, a project with a
 * ticket, and a run launched from the Command Center.
 */
export async function prepareEveryPage(page: Page, prefix: string): Promise<PageContext> {
  await login(page);
  await connectGitHub(page);
  await importHelloLime(page);
  const projectKey = uniqueKey(prefix);
  await createProject(page, `Every page ${prefix}`, projectKey);
  await addBacklogTicket(page, "Seen on every page");
  await page.goto("/command");
  await page.getByLabel("Prompt").fill("Walk every page");
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/command\?run=\d+$/);
  const runId = new URL(page.url()).searchParams.get("run")!;
  await page.goto("/repos");
  const repoPath = await page.getByRole("link", { name: "octocat/hello-lime" }).first().getAttribute("href");
  if (!repoPath) throw new Error("the imported repository has no link on /repos");
  return { projectKey, ticketKey: `${projectKey}-1`, runId, repoPath };
}
