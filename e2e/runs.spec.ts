import { expect, test } from "@playwright/test";
import { addBacklogTicket, createProject, login, uniqueKey } from "./fixtures";

test("runs an agent from a ticket: the transcript streams, tools fold, the diff shows, cost adds up", async ({ page }) => {
  await login(page);
  const key = uniqueKey("R");
  await createProject(page, "Agent flow", key);
  await addBacklogTicket(page, "Write agent notes");

  await page.goto(`/projects/${key}?ticket=${key}-1`);
  await page.getByRole("button", { name: "Run agent" }).click();
  await expect(page.getByText(`With ticket ${key}-1`)).toBeVisible();
  await expect(page.getByLabel("Prompt")).toHaveValue(`Work on ${key}-1: Write agent notes`);
  await page.getByRole("radio", { name: "Implement" }).click();
  await page.getByRole("button", { name: "Launch run" }).click();

  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const transcript = page.getByTestId("transcript");
  // Text streams in before the run is done.
  await expect(transcript.getByText("I'll start by looking at what is in the workspace.")).toBeVisible();
  await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 15_000 });

  // Tool calls are folded; opening one shows its result.
  const write = transcript.getByTestId("event-tool").filter({ hasText: "write_file" });
  await expect(write.getByTestId("tool-result")).toBeHidden();
  await write.locator("summary").click();
  await expect(write.getByTestId("tool-result")).toContainText("Wrote AGENT_NOTES.md");

  // The diff: the new file with its lines, added.
  const diff = transcript.getByTestId("event-diff");
  await expect(diff.getByTestId("diff-file")).toHaveText("AGENT_NOTES.md");
  await expect(diff.locator('tr[data-kind="add"]').first()).toContainText("# Agent notes");
  await expect(diff).toContainText(`Work on ${key}-1: Write agent notes`);
  await expect(transcript.getByTestId("event-artifact")).toContainText("Added AGENT_NOTES.md");
  await expect(page.getByTestId("run-cost")).not.toHaveText("$0.00");

  // The ticket shows its run and what it cost.
  await page.goto(`/projects/${key}?ticket=${key}-1`);
  await expect(page.getByTestId("ticket-cost")).toContainText("1 run");
  await expect(page.getByRole("link", { name: /#\d+ completed/ })).toBeVisible();
});

test("the Command Center launches a run, takes a follow-up, and cancels it", async ({ page }) => {
  await login(page);
  await page.goto("/command");
  await page.getByLabel("Provider").selectOption("codex");
  await page.getByLabel("Prompt").fill("Think very carefully [[script:slow]]");
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/command\?run=\d+$/);
  const panel = page.getByRole("region", { name: /^Run \d+$/ });
  await expect(
    panel
      .getByTestId("transcript")
      .getByText(/Thinking about this very carefully/)
      .first(),
  ).toBeVisible();
  await expect(panel.getByTestId("run-status")).toHaveText("running");

  await page.getByRole("textbox", { name: "Message the agent" }).fill("Keep it short.");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(panel.getByTestId("event-user")).toContainText("Keep it short.");

  await page.getByRole("button", { name: "Cancel run" }).click();
  await page
    .getByRole("alertdialog", { name: /^Cancel run #\d+\?$/ })
    .getByRole("button", { name: "Cancel run" })
    .click();
  await expect(panel.getByTestId("run-status")).toHaveText("cancelled");
  await expect(panel.getByTestId("event-status").last()).toContainText("cancelled: Cancelled by a user.");
  await expect(page.getByRole("textbox", { name: "Message the agent" })).toBeHidden();

  // The runs list has it, filterable by status.
  await page.goto("/runs?status=cancelled");
  await expect(page.getByTestId("runs-table")).toContainText("Think very carefully");
});

test("a running run is stopped keeping its work: the page says why it stopped and shows the diff it kept", async ({ page }) => {
  await login(page);
  await page.goto("/command");
  await page.getByLabel("Prompt").fill("Draft the notes [[script:slow-writer]]");
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/command\?run=\d+$/);
  const runId = new URL(page.url()).searchParams.get("run");
  const panel = page.getByRole("region", { name: /^Run \d+$/ });
  await expect(
    panel
      .getByTestId("transcript")
      .getByText(/Now the careful part/)
      .first(),
  ).toBeVisible();

  await panel.getByRole("button", { name: "Stop and keep work" }).click();
  const dialog = page.getByRole("alertdialog", { name: `Stop run #${runId} and keep its work?` });
  await expect(dialog).toContainText("Its changes so far are kept");
  await dialog.getByRole("button", { name: "Stop and keep work" }).click();
  await expect(panel.getByTestId("run-status")).toHaveText("cancelled", { timeout: 15_000 });

  await page.goto(`/runs/${runId}`);
  await expect(page.getByTestId("run-stop-reason")).toHaveText("Stopped because a user stopped it. The work so far was kept.");
  const diff = page.getByTestId("transcript").getByTestId("event-diff");
  await expect(diff.getByTestId("diff-file")).toHaveText("DRAFT.md");
  await expect(diff.locator('tr[data-kind="add"]').first()).toContainText("# Draft");
});

test("a queued run says why it waits: every worker slot holds a run", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  // The e2e server runs two agent runs at once (AGENT_RUN_CONCURRENCY's default); two slow ones take both.
  const launch = async (prompt: string) => {
    await page.goto("/command");
    await page.getByLabel("Prompt").fill(prompt);
    await page.getByRole("button", { name: "Launch run" }).click();
    await expect(page).toHaveURL(/\/command\?run=\d+$/);
    return Number(new URL(page.url()).searchParams.get("run"));
  };
  const slow = [await launch("Hold a slot [[script:slow]]"), await launch("Hold the other slot [[script:slow]]")];
  for (const id of slow) {
    await page.goto(`/runs/${id}`);
    await expect(page.getByTestId("run-status")).toHaveText("running");
  }
  const waiting = await launch("Wait for a slot");
  await page.goto(`/runs/${waiting}`);
  await expect(page.getByTestId("run-status")).toHaveText("queued");
  await expect(page.getByTestId("queue-reason")).toHaveText(/^Waiting for a free worker slot: 2 running of 2\./);

  // Once a slot frees up the run starts, and the reason goes.
  await page.goto(`/runs/${slow[0]}`);
  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel run" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("cancelled");
  await page.goto(`/runs/${waiting}`);
  await expect(page.getByTestId("run-status")).not.toHaveText("queued", { timeout: 15_000 });
  await expect(page.getByTestId("queue-reason")).toBeHidden();
  await page.goto(`/runs/${slow[1]}`);
  await page.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel run" }).click();
  await expect(page.getByTestId("run-status")).toHaveText("cancelled");
});
