import { expect, type Page } from "@playwright/test";
import { test } from "@playwright/test";
import { addBacklogTicket, column, connectGitHub, createProject, importHelloLime, login, uniqueKey } from "./fixtures";
import { KUBE_ADMIN_URL } from "./playwright.config";

/** Waits until the tab follows the workspace's changes (its subscription answered). */
async function following(page: Page) {
  await expect(page.locator("html")).toHaveAttribute("data-workspace-live", "true");
}

/**
 * From the ticket's drawer: Run agent → Launch run; returns the new run's id. Each run gets its
 * own prompt: the scripted model follows one conversation per task text.
 */
async function launchFromTicket(page: Page, key: string, prompt = `Work on ${key}-1`) {
  await page.goto(`/projects/${key}?ticket=${key}-1`);
  await page.getByRole("button", { name: "Run agent" }).click();
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  return Number(/\/runs\/(\d+)$/.exec(page.url())![1]);
}

test("a run launched in one tab appears and finishes live in another tab's runs list, Command Center and ticket drawer", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await login(page);
  const key = uniqueKey("L");
  await createProject(page, "Live lists", key);
  await addBacklogTicket(page, "Watch it live");
  const other = await context.newPage();

  // The runs list.
  await other.goto("/runs");
  await following(other);
  const first = await launchFromTicket(page, key);
  const row = other
    .getByTestId("runs-table")
    .getByRole("row")
    .filter({ hasText: `#${first}` });
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(row.getByTestId("run-status")).toHaveText("completed", { timeout: 20_000 });

  // The Command Center's sidebar.
  await other.goto("/command");
  await following(other);
  const second = await launchFromTicket(page, key, `Second look at ${key}-1`);
  await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 20_000 });
  const entry = other
    .getByRole("complementary", { name: "Recent runs" })
    .getByRole("link")
    .filter({ hasText: `#${second}` });
  await expect(entry).toBeVisible({ timeout: 10_000 });
  await expect(entry.getByTestId("run-status")).toHaveText("completed", { timeout: 20_000 });

  // The ticket drawer's runs, and the card's latest run on the board behind it.
  await other.goto(`/projects/${key}?ticket=${key}-1`);
  await following(other);
  await expect(other.getByTestId("ticket-run")).toHaveCount(2);
  const third = await launchFromTicket(page, key, `Third look at ${key}-1`);
  const drawerRow = other.getByTestId("ticket-run").filter({ hasText: `#${third}` });
  await expect(drawerRow).toBeVisible({ timeout: 10_000 });
  await expect(drawerRow.getByTestId("run-status")).toHaveText("completed", { timeout: 20_000 });
  await expect(other.locator(`[data-ticket-card]`).getByTestId("card-run")).toContainText(`Run #${third} completed`);
});

test("a ticket flows In progress → In review → Done with its run and pull request, on every open board, each move attributed", async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await login(page);
  await connectGitHub(page);
  await importHelloLime(page);
  await page.goto("/repos");
  await page.getByRole("link", { name: "octocat/hello-lime" }).first().click();
  await page.getByRole("button", { name: "Set up webhook" }).click();
  await expect(page.getByRole("status")).toContainText(/Webhook created on GitHub|already set up/);

  const key = uniqueKey("F");
  await createProject(page, "Flowing", key);
  await page.getByLabel("Primary repository").selectOption({ label: "octocat/hello-lime" });
  await expect(page.getByTestId("project-repo")).toContainText("octocat/hello-lime");
  await addBacklogTicket(page, "Flow across the board");

  // A second tab watches the board.
  const board = await context.newPage();
  await board.goto(`/projects/${key}`);
  await expect(board.getByText("● Live")).toBeVisible();
  const card = (name: string) => column(board, name).getByText("Flow across the board");

  const runId = await launchFromTicket(page, key);
  await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 20_000 });
  const pullLink = page.getByTestId("event-pull-request").getByRole("link");
  const pullUrl = (await pullLink.getAttribute("href"))!;
  const number = Number(/\/pull\/(\d+)/.exec(pullUrl)![1]);

  // The run's pull request opened: In review, with the run's status, its PR and its cost on the card.
  await expect(card("In review")).toBeVisible({ timeout: 10_000 });
  const runLine = column(board, "In review").getByTestId("card-run");
  await expect(runLine).toContainText(`Run #${runId} completed`);
  await expect(runLine.getByRole("link", { name: `PR #${number}` })).toHaveAttribute("href", pullUrl);
  await expect(runLine).not.toContainText("$0.00");

  // Merged on (fake) GitHub: the webhook moves it to Done on the open board.
  await page.goto(pullUrl);
  await page.getByRole("button", { name: "Merge pull request" }).click();
  await expect(page.getByText("Merged").first()).toBeVisible();
  await expect(card("Done")).toBeVisible({ timeout: 10_000 });

  // The history says who moved it each time; the drawer's run row links its pull request.
  await board.goto(`/projects/${key}?ticket=${key}-1`);
  const history = board.getByTestId("activity-automatic");
  // Newest first.
  await expect(history).toHaveText([
    new RegExp(`^Moved from In review to Done · moved by PR #${number} merge by octocat \\(run #${runId}\\)`),
    new RegExp(`^Moved from In progress to In review · moved by PR #${number} opened \\(run #${runId}\\)`),
    new RegExp(`^Moved from Backlog to In progress · moved by run #${runId}`),
  ]);
  await expect(board.getByTestId("ticket-run").getByRole("link", { name: `Pull request #${number}` })).toHaveAttribute(
    "href",
    pullUrl,
  );
});

test("the project's automation is edited on the board, and the next run moves its ticket where it now says", async ({ page }) => {
  await login(page);
  const key = uniqueKey("A");
  await createProject(page, "Automated", key);
  await page.getByRole("button", { name: "Automation" }).click();
  const dialog = page.getByRole("dialog", { name: "Board automation" });
  await expect(dialog.getByLabel("When a run starts")).toHaveValue("in_progress");
  await expect(dialog.getByLabel("When its pull request opens")).toHaveValue("review");
  await expect(dialog.getByLabel("When the pull request merges")).toHaveValue("done");
  await expect(dialog.getByLabel("When it closes unmerged")).toHaveValue("previous");
  await dialog.getByLabel("When a run starts").selectOption({ label: "Move to To do" });
  await dialog.getByRole("button", { name: "Save automation" }).click();
  await expect(dialog).toBeHidden();

  await addBacklogTicket(page, "Starts in To do");
  await page.reload();
  await page.getByRole("button", { name: "Automation" }).click();
  await expect(page.getByRole("dialog", { name: "Board automation" }).getByLabel("When a run starts")).toHaveValue("todo");
  await page.getByRole("button", { name: "Cancel" }).click();

  const runId = await launchFromTicket(page, key);
  await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 20_000 });
  await page.goto(`/projects/${key}?ticket=${key}-1`);
  await expect(column(page, "To do").getByText("Starts in To do")).toBeVisible();
  await expect(page.getByTestId("activity-automatic")).toHaveText([
    new RegExp(`^Moved from Backlog to To do · moved by run #${runId}`),
  ]);
});

test("a sandbox started in one tab appears, and its destruction shows, live in another tab", async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(60_000);
  await login(page);
  const kubeconfig = await (await request.get(`${KUBE_ADMIN_URL}/kubeconfig`)).text();
  await page.goto("/clusters");
  const name = `live-${Math.random().toString(36).slice(2, 6)}`;
  await page.getByLabel("Cluster name").fill(name);
  await page.getByLabel("Kubeconfig").fill(kubeconfig);
  await page.getByRole("button", { name: "Register cluster" }).click();
  await expect(page.getByTestId("cluster").filter({ hasText: name }).getByTestId("cluster-status")).toHaveText("ready", {
    timeout: 20_000,
  });

  const other = await context.newPage();
  await other.goto("/sandboxes");
  await following(other);
  const watched = other.getByRole("list", { name: "Sandboxes" }).getByRole("listitem");
  const before = await watched.filter({ hasText: /^#\d+/ }).count();

  await page.goto("/sandboxes");
  await page.getByLabel("Cluster").selectOption({ label: name });
  await page.getByRole("button", { name: "Start sandbox" }).click();
  const mine = page.getByRole("list", { name: "Sandboxes" }).getByRole("listitem").first();
  await expect(mine).toContainText(/^#\d+/);
  const id = /^#(\d+)/.exec((await mine.textContent()) ?? "")![1]!;
  const live = watched.filter({ hasText: `#${id}` });
  await expect(live).toBeVisible({ timeout: 10_000 });
  await expect(watched.filter({ hasText: /^#\d+/ })).toHaveCount(before + 1);

  await mine.getByRole("button", { name: "Destroy" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Destroy sandbox" }).click();
  await expect(live).toBeHidden({ timeout: 10_000 });
});
