import { expect, test, type Page } from "@playwright/test";
import { connectGitHub, importHelloLime, login } from "./fixtures";

/** Waits until the tab follows the workspace's changes (its subscription answered). */
async function following(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-workspace-live", "true");
}

test("an imported repository's config scan shows its state and its result live, in words, and a Rescan updates every tab", async ({
  page,
  context,
}) => {
  test.setTimeout(60_000);
  await login(page);
  await connectGitHub(page);
  await importHelloLime(page, "Imported octocat/hello-lime.");
  await page
    .getByRole("list", { name: "Repositories on GitHub" })
    .getByRole("listitem")
    .filter({ hasText: "octocat/hello-lime" })
    .getByRole("link", { name: "imported" })
    .click();
  await expect(page).toHaveURL(/\/repos\/\d+$/);
  const repoUrl = page.url();

  // The import's scan: scanning, then what it found, without a reload.
  const scan = page.getByTestId("config-scan");
  await expect(scan).toContainText(/Scanning…|Last scanned/);
  await expect(scan).toContainText("Last scanned", { timeout: 15_000 });
  const configs = page.getByRole("list", { name: "Detected configuration" });
  const pkg = configs.getByRole("listitem", { name: "Node.js package: package.json" });
  await expect(pkg).toBeVisible();
  await expect(pkg.getByRole("definition").filter({ hasText: "hello-lime" })).toBeVisible();
  await expect(pkg).toContainText("Scripts");
  await expect(pkg).toContainText("node --test");
  await expect(configs.getByRole("listitem", { name: "Agent instructions: AGENTS.md" })).toBeVisible();
  await expect(configs).not.toContainText("{");

  // A Rescan from this tab: scanning at once, then a newer scan, here and in another tab that did nothing.
  const other = await context.newPage();
  await other.goto(repoUrl);
  await following(other);
  await following(page);
  const scannedAt = async (tab: Page) => tab.getByTestId("config-scan").locator("time").getAttribute("datetime");
  const before = await scannedAt(other);
  expect(before).toBeTruthy();
  await page.getByRole("button", { name: "Rescan configs" }).click();
  await expect(scan).toContainText("Scanning…");
  await expect(scan).toContainText("Last scanned", { timeout: 15_000 });
  await expect.poll(() => scannedAt(page), { timeout: 15_000 }).not.toBe(before);
  await expect.poll(() => scannedAt(other), { timeout: 15_000 }).not.toBe(before);
  await expect(other.getByRole("listitem", { name: "Node.js package: package.json" })).toBeVisible();
});
