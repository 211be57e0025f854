import { expect, test, type Page } from "@playwright/test";
import { addBacklogTicket, createProject, login, uniqueKey } from "./fixtures";

// Several page loads each; the shared machine is slow.
test.describe.configure({ timeout: 90_000 });

const projectRow = (page: Page, key: string) =>
  page.getByRole("region", { name: "Project list" }).getByRole("link").filter({ hasText: key });

/** The Target cells of the audit log's rows for one action, newest first. */
async function auditTargets(page: Page, action: string) {
  await page.goto(`/settings/audit?action=${encodeURIComponent(action)}`);
  return page.getByRole("row").filter({ hasText: action }).locator("td:nth-child(4)").allInnerTexts();
}

test("the projects list counts each project's open tickets", async ({ page }) => {
  await login(page);
  const busy = uniqueKey("N");
  const empty = uniqueKey("E");
  await createProject(page, "Counted", busy);
  await addBacklogTicket(page, "One");
  await addBacklogTicket(page, "Two");
  await createProject(page, "Empty", empty);

  await page.goto("/projects");
  await expect(projectRow(page, busy)).toContainText("2 tickets");
  await expect(projectRow(page, empty)).toContainText("0 tickets");
});

test("the audit log names the ticket a create made, not its project", async ({ page }) => {
  await login(page);
  const key = uniqueKey("A");
  await createProject(page, "Audited", key);
  await addBacklogTicket(page, "First audited");
  await addBacklogTicket(page, "Second audited");

  const [newest, before] = await auditTargets(page, "tickets.create");
  expect(newest).toMatch(/^tickets #\d+$/);
  expect(before).toMatch(/^tickets #\d+$/);
  expect(newest).not.toEqual(before);
});

test("a cancelled run keeps the tokens it streamed, and its audit entry names it", async ({ page }) => {
  await login(page);
  await page.goto("/command");
  await page.getByLabel("Provider").selectOption("claude");
  await page.getByLabel("Prompt").fill("Think very carefully [[script:slow]]");
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/command\?run=\d+$/);
  const runId = new URL(page.url()).searchParams.get("run")!;
  const panel = page.getByRole("region", { name: `Run ${runId}` });
  await expect(
    panel
      .getByTestId("transcript")
      .getByText(/Thinking about this very carefully/)
      .first(),
  ).toBeVisible({
    timeout: 15_000,
  });
  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("alertdialog", { name: /^Cancel run #\d+\?$/ }).getByRole("button", { name: "Cancel run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveText("cancelled");

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-status")).toHaveText("cancelled");
  await expect(page.getByTestId("run-tokens")).not.toHaveText("0 in · 0 out");
  await expect(page.getByTestId("run-cost")).not.toHaveText("$0.00");

  expect(await auditTargets(page, "agentRuns.create")).toContain(`agentRuns #${runId}`);
});
