import { expect, test, type Page } from "@playwright/test";
import { addBacklogTicket, createProject, login, uniqueKey } from "./fixtures";

// A viewer far from the server, with a browser clock seven minutes fast: anything the page
// renders from the browser's own clock, zone or locale on its first render differs from the
// server's HTML, and React reports the mismatch (#418/#423/#425) as a console error.
test.use({ timezoneId: "Pacific/Kiritimati", locale: "de-DE" });

/** Launches a run from the Command Center and returns its id. */
async function launchRun(page: Page, prompt: string, provider?: string) {
  await page.goto("/command");
  if (provider) await page.getByLabel("Provider").selectOption(provider);
  await page.getByLabel("Prompt").fill(prompt);
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/command\?run=\d+$/);
  return Number(new URL(page.url()).searchParams.get("run"));
}

const runStatus = (page: Page) => page.getByRole("region", { name: /^Run \d+$/ }).getByTestId("run-status");

/** Every console error and uncaught exception on the page, as text. */
function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`${page.url()}: ${error.message}`));
  return errors;
}

test("every live page hydrates without an error, load after load", async ({ page }) => {
  test.setTimeout(240_000);
  await login(page);
  const key = uniqueKey("H");
  await createProject(page, "Hydration", key);
  await addBacklogTicket(page, "Render the same twice");

  const completed = await launchRun(page, "Write the notes");
  await expect(runStatus(page)).toHaveText("completed", { timeout: 30_000 });
  const running = await launchRun(page, "Take your time [[script:slow]]", "codex");
  await expect(runStatus(page)).toHaveText("running");

  const errors = collectErrors(page);
  await page.clock.setSystemTime(Date.now() + 7 * 60_000);
  // The running run's pages first, while its duration still ticks (the slow script streams for about a minute).
  const pages = [
    `/runs/${running}`,
    `/command?run=${running}`,
    "/runs",
    `/runs/${completed}`,
    "/",
    "/projects",
    `/projects/${key}`,
    "/command",
    "/settings/audit",
  ];
  for (const path of pages) {
    for (let load = 0; load < 3; load++) {
      await page.goto(path);
      // Set by an effect once the page has hydrated and its live feed is open.
      await expect(page.locator("html"), `${path}, load ${load + 1}`).toHaveAttribute("data-workspace-live", "true");
    }
  }
  expect(errors).toEqual([]);
});
