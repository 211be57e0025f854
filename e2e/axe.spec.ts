import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addBacklogTicket, connectGitHub, createProject, importHelloLime, login, uniqueKey } from "./fixtures";

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

/** One run, launched from the Command Center, so the run page has a transcript to show. */
async function launchRun(page: Page) {
  await page.goto("/command");
  await page.getByLabel("Prompt").fill("Write the axe notes");
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/command\?run=\d+$/);
  return `/runs/${new URL(page.url()).searchParams.get("run")}`;
}

/** Every page of the app with what it shows once there is a project, a ticket, a repository and a run. */
async function everyPage(page: Page) {
  await login(page);
  await connectGitHub(page);
  await importHelloLime(page);
  const key = uniqueKey("AX");
  await createProject(page, "Axe", key);
  await addBacklogTicket(page, "Readable by everyone");
  const run = await launchRun(page);
  await page.goto("/repos");
  const repo = await page.getByRole("link", { name: "octocat/hello-lime" }).first().getAttribute("href");
  return [
    "/",
    "/projects",
    `/projects/${key}`,
    `/projects/${key}?ticket=${key}-1`,
    "/command",
    `/command?run=${run.split("/").pop()}`,
    "/runs",
    run,
    "/repos",
    repo!,
    "/features",
    "/connectors",
    "/clusters",
    "/sandboxes",
    "/domains",
    "/invitations",
    "/settings/instructions",
    "/settings/members",
    "/settings/api-keys",
    "/settings/integrations",
    "/settings/model-prices",
    "/settings/audit",
    "/no-such-page",
  ];
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`no page has a serious or critical accessibility violation, in ${colorScheme} mode`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    const paths = await everyPage(page);
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

test("the login page has no serious or critical accessibility violation", async ({ page }) => {
  await page.goto("/login");
  expect(await seriousViolations(page, "/login")).toEqual([]);
});
