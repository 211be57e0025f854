import { expect, type Browser, type Locator, type Page } from "@playwright/test";

/** Signs in through the fake GitHub's real OAuth flow as one of its users. */
export async function login(page: Page, user: "octocat" | "hubot" | "monalisa" = "octocat") {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: `Authorize as ${user}` }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeVisible();
}

/**
 * From an admin's page (signed in as octocat): invites monalisa as a viewer, unless she is
 * already a member, and signs her in in a browser context of her own, where she accepts the
 * invitation (nobody joins without saying yes) and her session opens in Octocat's workspace.
 */
export async function signInInvitedViewer(page: Page, browser: Browser) {
  await page.goto("/settings/members");
  const existing = page.getByRole("listitem").filter({ hasText: "@monalisa" });
  if ((await existing.count()) === 0) {
    await page.getByLabel("GitHub login").fill("monalisa");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByRole("button", { name: "Invite" }).click();
  }
  await expect(page.getByRole("listitem").filter({ hasText: "@monalisa" })).toBeVisible();

  const context = await browser.newContext();
  const viewer = await context.newPage();
  await login(viewer, "monalisa");
  const accept = viewer.getByRole("button", { name: /^Accept the invitation to .*Octocat/ }).first();
  const inOctocat = viewer.getByTestId("tenant-name").filter({ hasText: "Octocat" });
  const switchToOctocat = viewer.getByRole("button", { name: /^Switch to .*Octocat/, includeHidden: true });
  // The banner offers the invitation once the page has loaded. A member already (an earlier test, or a retry)
  // lands where she last worked, and switches to Octocat's workspace if that was elsewhere.
  await expect(accept.or(inOctocat).or(switchToOctocat)).toBeAttached();
  if (await accept.isVisible()) {
    await accept.click();
  } else if (!(await inOctocat.isVisible())) {
    await viewer.getByLabel("User menu for monalisa").click();
    await switchToOctocat.click();
  }
  await expect(viewer.getByTestId("tenant-name")).toContainText("Octocat");
  return { viewer, context };
}

/** A project key no other test uses. */
export function uniqueKey(prefix: string) {
  return `${prefix}${Math.random()
    .toString(36)
    .slice(2, 6)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "X")}`;
}

/** Creates a project through the Projects page and lands on its board. */
export async function createProject(page: Page, name: string, key: string) {
  await page.goto("/projects");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Key").fill(key);
  await page.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(new RegExp(`/projects/${key}$`));
  await expect(page.getByText("● Live")).toBeVisible();
}

/** A board column; found with hidden elements too, since a modal drawer hides the board from the accessibility tree. */
export const column = (page: Page, name: string) => page.getByRole("region", { name: `${name} column`, includeHidden: true });

/** Adds a ticket to Backlog with the board's `c` shortcut, and waits for it to show there. */
export async function addBacklogTicket(page: Page, title: string) {
  await page.keyboard.press("c");
  const input = page.getByLabel("New ticket title in Backlog");
  await input.fill(title);
  await input.press("Enter");
  await expect(column(page, "Backlog").getByText(title)).toBeVisible();
}

/** Connects GitHub on the Connectors page (OAuth against the fake, as octocat). */
export async function connectGitHub(page: Page) {
  await page.goto("/connectors");
  await page.getByRole("button", { name: "Connect with GitHub" }).click();
  await page.getByRole("button", { name: "Authorize as octocat" }).click();
}

/**
 * On the Connectors page once GitHub is connected: imports the demo repository
 * octocat/hello-lime unless an earlier test did, expecting `imported` in the status.
 */
export async function importHelloLime(page: Page, imported = "Imported") {
  const hello = page.getByRole("checkbox", { name: "octocat/hello-lime" });
  if (await hello.isEnabled()) {
    await hello.check();
    await page.getByRole("button", { name: /Import 1 selected/ }).click();
    await expect(page.getByRole("status")).toContainText(imported);
  }
}

export const card = (page: Page, key: string) => page.locator(`[data-ticket-card][aria-label^="${key} "]`);

/** Titles in a column, top to bottom. */
export async function titlesIn(page: Page, name: string) {
  return column(page, name).locator("[data-ticket-card] p").allInnerTexts();
}

/** Drags with real mouse moves (dnd-kit needs several pointer events to start and to track). */
export async function dragTo(page: Page, from: ReturnType<typeof card>, to: ReturnType<typeof column>) {
  const source = (await from.boundingBox())!;
  const target = (await to.boundingBox())!;
  await page.mouse.move(source.x + source.width / 2, source.y + 20);
  await page.mouse.down();
  await page.mouse.move(source.x + source.width / 2 + 10, source.y + 30, { steps: 5 });
  await page.mouse.move(target.x + target.width / 2, target.y + 80, { steps: 15 });
  await page.mouse.move(target.x + target.width / 2, target.y + 90, { steps: 5 });
  await page.mouse.up();
}

/** Sets column `position`'s WIP limit (1-based, as the column editor labels it) and saves the columns. */
export async function limitColumn(page: Page, position: number, limit: number) {
  await page.getByRole("button", { name: "Edit columns" }).click();
  const editor = page.getByRole("dialog", { name: "Columns" });
  await editor.getByLabel(`Column ${position} WIP limit`).fill(String(limit));
  await editor.getByRole("button", { name: "Save columns" }).click();
}

/** The field is marked invalid and described by the message beside it; what was typed is still there. */
export async function refusedBeside(field: Locator, message: string | RegExp, typed: string) {
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(message);
  await expect(field).toHaveValue(typed);
}
