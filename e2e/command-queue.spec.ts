import { expect, test, type Page } from "@playwright/test";
import { login } from "./fixtures";

async function launch(page: Page, prompt: string) {
  await page.goto("/command");
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/command\?run=\d+$/);
  return Number(new URL(page.url()).searchParams.get("run"));
}

async function cancel(page: Page, runId: number) {
  await page.goto(`/command?run=${runId}`);
  const panel = page.getByRole("region", { name: `Run ${runId}` });
  await panel.getByRole("button", { name: "Cancel run" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Cancel run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveText("cancelled");
}

test("the Command Center says why a queued run waits, in its panel and in the list", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  // The e2e server runs two agent runs at once (AGENT_RUN_CONCURRENCY's default); two slow ones take both.
  const slow = [await launch(page, "Hold a slot [[script:slow]]"), await launch(page, "Hold the other slot [[script:slow]]")];
  for (const id of slow) {
    await page.goto(`/command?run=${id}`);
    await expect(page.getByRole("region", { name: `Run ${id}` }).getByTestId("run-status")).toHaveText("running");
  }
  try {
    const waiting = await launch(page, "Wait for a slot in the Command Center");
    const panel = page.getByRole("region", { name: `Run ${waiting}` });
    await expect(panel.getByTestId("run-status")).toHaveText("queued");
    await expect(panel.getByTestId("queue-reason")).toHaveText(/^Waiting for a free worker slot: 2 running of 2\./);

    // The list on the left says it too, on the queued run's line only.
    const list = page.getByRole("complementary", { name: "Recent runs" });
    const line = list.getByRole("link").filter({ hasText: `#${waiting}` });
    await expect(line.getByTestId("run-queue-reason")).toHaveText(/^Waiting for a free worker slot: 2 running of 2\./);
    for (const id of slow) {
      await expect(
        list
          .getByRole("link")
          .filter({ hasText: `#${id}` })
          .getByTestId("run-queue-reason"),
      ).toHaveCount(0);
    }

    // A slot frees up (a run cancelled in another tab): this page, not reloaded, sees the run start and the reason go.
    const other = await page.context().newPage();
    await cancel(other, slow[0]!);
    await other.close();
    await expect(panel.getByTestId("run-status")).not.toHaveText("queued", { timeout: 15_000 });
    await expect(panel.getByTestId("queue-reason")).toBeHidden();
    await expect(line.getByTestId("run-queue-reason")).toHaveCount(0, { timeout: 10_000 });
  } finally {
    for (const id of slow) {
      await page.goto(`/command?run=${id}`);
      const status = page.getByRole("region", { name: `Run ${id}` }).getByTestId("run-status");
      if ((await status.textContent()) === "running") await cancel(page, id);
    }
  }
});
