import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { prepareEveryPage, signedInPaths, signedOutPaths } from "./app-pages";

test.describe.configure({ timeout: 900_000 });

/** What axe finds on the page as it stands, serious and critical only, one line each so a failure reads at once. */
async function seriousViolations(page: Page, path: string) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .flatMap((violation) =>
      violation.nodes.map((node) => `${path} ${violation.id}: ${node.target.join(" ")} — ${node.failureSummary ?? ""}`),
    );
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`no page has a serious or critical accessibility violation, in ${colorScheme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    // Every signed-in page of the app (e2e/app-pages.ts), filled in with a project, a ticket, a repository and a run.
    const paths = signedInPaths(await prepareEveryPage(page, "AX"));
    const found: string[] = [];
    for (const path of paths) {
      await page.goto(path);
      // The drawer loads its content after hydration; axe should see it filled in.
      if (path.includes("?ticket=")) await expect(page.getByRole("heading", { name: "Agent runs" })).toBeVisible();
      if (path.startsWith("/runs/")) await expect(page.getByTestId("run-status")).toBeVisible();
      found.push(...(await seriousViolations(page, path)));
    }
    expect(found).toEqual([]);
  });
}

test("no signed-out page has a serious or critical accessibility violation", async ({ page }) => {
  const found: string[] = [];
  for (const path of signedOutPaths()) {
    await page.goto(path);
    found.push(...(await seriousViolations(page, path)));
  }
  expect(found).toEqual([]);
});
