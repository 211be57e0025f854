import { expect, test, type Page } from "@playwright/test";
import { addBacklogTicket, connectGitHub, createProject, importHelloLime, login, uniqueKey } from "./fixtures";

const PHONE = { width: 390, height: 844 };

/** The page is no wider than the screen: only the board's column strip may scroll sideways, inside itself. */
async function expectNoSidewaysScroll(page: Page) {
  await page.waitForLoadState("networkidle");
  const { scrollWidth, innerWidth, widest } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    // The deepest elements that stick out, to name in the failure.
    widest: [...document.querySelectorAll("body *")]
      .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((element) => ![...element.children].some((child) => child.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 5)
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}`.slice(0, 120)),
  }));
  expect.soft(scrollWidth, `${page.url()} scrolls sideways: ${widest.join(" | ")}`).toBeLessThanOrEqual(innerWidth);
}

test("on a phone, the menu reaches every page and none scrolls sideways", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  await connectGitHub(page);
  await importHelloLime(page);
  const key = uniqueKey("PH");
  await createProject(page, "Phone", key);
  await addBacklogTicket(page, "Fits on a phone");
  await page.goto("/repos");
  const repoHref = await page.getByRole("link", { name: "octocat/hello-lime" }).first().getAttribute("href");
  // A run with a long prompt, so the runs list and the Command Center have rows to fit.
  await page.goto("/command");
  await page.getByLabel("Prompt").fill(`Fits on a phone: ${"a rather long description of the work to do ".repeat(6)}`);
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/command\?run=\d+$/);
  const runId = new URL(page.url()).searchParams.get("run");

  await page.setViewportSize(PHONE);
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expectNoSidewaysScroll(page);

  const menu = page.getByRole("button", { name: "Open navigation" });
  await menu.click();
  const labels = await page.getByRole("navigation", { name: "Phone" }).getByRole("link").allInnerTexts();
  expect(labels).toContain("Agent Runs");
  expect(labels).toContain("Audit log");
  await page.keyboard.press("Escape");

  for (const label of labels) {
    await menu.click();
    const link = page.getByRole("dialog").getByRole("link", { name: label, exact: true });
    const href = await link.getAttribute("href");
    await link.click();
    await expect(page.getByRole("dialog")).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`${href === "/" ? "/$" : href}`));
    await expectNoSidewaysScroll(page);
  }

  // Pages reached from others: a board (its columns scroll inside their own strip), a ticket, a repository, a run.
  for (const path of [`/projects/${key}`, `/projects/${key}?ticket=${key}-1`, repoHref!, `/runs/${runId}`]) {
    await page.goto(path);
    await expectNoSidewaysScroll(page);
  }
  await page.goto(`/projects/${key}`);
  const strip = page.getByRole("region", { name: "Backlog column" }).locator("..");
  expect(await strip.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);

  // Home's cards are links a phone user can follow.
  await page.goto("/");
  const next = page.getByTestId("next-step");
  const target = await next.getAttribute("href");
  await next.click();
  await expect(page).toHaveURL((url) => `${url.pathname}${url.search}` === target);
});
