import path from "node:path";
import { describe, expect, it } from "vitest";
import { APP_PAGES, NOT_PAGES, pageListProblems, routeFiles, signedInStops } from "../../e2e/app-pages";

const root = path.resolve(__dirname, "../..");

describe("the list of the app's pages the end-to-end walks open", () => {
  it("names every route file in app/routes/, as a page or as not one", () => {
    const files = routeFiles(root);
    expect(files).toContain("_app.projects.$key.tsx");
    expect(files).not.toContain("_app.repos.$id.test.ts");
    expect(pageListProblems(files)).toEqual([]);
  });

  it("fails on a new route nobody listed, a route in both lists and an entry whose file is gone", () => {
    const files = [...routeFiles(root), "_app.reports.tsx"].filter((file) => file !== "_app.domains.tsx");
    expect(pageListProblems(files, APP_PAGES, { ...NOT_PAGES, "_app.clusters.tsx": "listed twice" })).toEqual([
      "app/routes/_app.clusters.tsx is in both APP_PAGES and NOT_PAGES",
      "app/routes/_app.reports.tsx is in neither APP_PAGES nor NOT_PAGES (e2e/app-pages.ts): the walks would miss it",
      "e2e/app-pages.ts lists _app.domains.tsx, which is not a route file in app/routes/",
    ]);
  });

  it("opens each signed-in page with the workspace's ids filled in", () => {
    const stops = signedInStops({ projectKey: "AC1", ticketKey: "AC1-1", runId: "7", repoPath: "/repos/3" });
    expect(stops).toContain("/runs/7");
    expect(stops).toContain("/repos/3");
    expect(stops).toContainEqual({ path: "/projects/AC1?ticket=AC1-1", open: "Run agent" });
    expect(stops).not.toContain("/login");
  });
});
