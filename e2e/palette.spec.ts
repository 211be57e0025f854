import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { addBacklogTicket, card, createProject, login, signInInvitedViewer, uniqueKey } from "./fixtures";

test.describe.configure({ timeout: 90_000 });

const palette = (page: Page) => page.getByRole("dialog", { name: "Command palette" });
const option = (page: Page, name: string | RegExp) => palette(page).getByRole("option", { name });

/** Ctrl-K until the palette shows: before the page has hydrated nothing listens for the key yet. */
async function openPalette(page: Page) {
  await expect(async () => {
    if (!(await palette(page).isVisible())) await page.keyboard.press("Control+k");
    await expect(palette(page)).toBeVisible({ timeout: 1_000 });
  }).toPass();
}
/** Accessibility violations axe finds inside the open dialog. */
const violationsIn = async (page: Page) =>
  (await new AxeBuilder({ page }).include("[role=dialog]").analyze()).violations.map((violation) => violation.id);

test("Ctrl-K finds a ticket by its key, and Enter opens it on its board with the drawer open", async ({ page }) => {
  await login(page);
  const key = uniqueKey("PAL");
  await createProject(page, "Palette search", key);
  await addBacklogTicket(page, "Wire the palette");
  await page.goto("/repos");

  await openPalette(page);
  await expect(palette(page)).toBeVisible();
  await expect(palette(page).getByRole("combobox")).toBeFocused();
  await page.keyboard.type(`${key}-1`);
  await expect(option(page, /Wire the palette/)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");

  await expect(page).toHaveURL(new RegExp(`/projects/${key}\\?ticket=${key}-1$`));
  await expect(palette(page)).toBeHidden();
  await expect(page.getByRole("dialog", { name: `Ticket ${key}-1` })).toBeVisible();
  await expect(page.getByRole("dialog", { name: `Ticket ${key}-1` }).getByLabel("Title")).toHaveValue("Wire the palette");
});

test("typing a page's name and Enter goes to that page", async ({ page }) => {
  await login(page);
  await openPalette(page);
  await page.keyboard.type("agent runs");
  await expect(option(page, "Agent Runs")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/runs$/);
  await expect(palette(page)).toBeHidden();
});

test("Escape closes the palette and gives focus back to where it was", async ({ page }) => {
  await login(page);
  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Repositories" });
  await link.focus();
  await openPalette(page);
  await expect(palette(page).getByRole("combobox")).toBeFocused();
  await expect(option(page, "Repositories")).toBeVisible();
  expect(await violationsIn(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(palette(page)).toBeHidden();
  await expect(link).toBeFocused();
  await expect(page).toHaveURL(/\/$/);
});

test("on a board the palette creates a ticket there, and runs an agent on the open ticket", async ({ page }) => {
  await login(page);
  const key = uniqueKey("PAC");
  await createProject(page, "Palette actions", key);

  await openPalette(page);
  await page.keyboard.type("create ticket");
  await expect(option(page, "Create ticket in Palette actions")).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(palette(page).getByRole("combobox")).toHaveAttribute("placeholder", "Title of the new ticket in Palette actions");
  await page.keyboard.type("Made from the palette");
  await page.keyboard.press("Enter");

  const drawer = page.getByRole("dialog", { name: `Ticket ${key}-1` });
  await expect(drawer.getByLabel("Title")).toHaveValue("Made from the palette");
  await expect(card(page, `${key}-1`)).toBeVisible();
  // Behind the modal drawer the board is hidden from the accessibility tree, so its column is found with hidden ones.
  await expect(
    page.getByRole("region", { name: "Backlog column", includeHidden: true }).getByText("Made from the palette"),
  ).toBeVisible();

  await openPalette(page);
  await page.keyboard.type("run agent");
  await expect(option(page, `Run agent on ${key}-1`)).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(drawer.getByLabel("Prompt")).toHaveValue(`Work on ${key}-1: Made from the palette`);
});

test("a viewer is offered neither new tickets nor the admin pages; the admin on the same board is", async ({ page, browser }) => {
  await login(page);
  const key = uniqueKey("PAV");
  await createProject(page, "Palette roles", key);
  await addBacklogTicket(page, "Read me");
  const { viewer, context } = await signInInvitedViewer(page, browser);

  for (const [who, offered] of [
    [page, true],
    [viewer, false],
  ] as const) {
    await who.goto(`/projects/${key}?ticket=${key}-1`);
    await expect(who.getByRole("dialog", { name: `Ticket ${key}-1` })).toBeVisible();
    await openPalette(who);
    await expect(option(who, "Members")).toBeVisible();
    for (const name of [
      "Create ticket in Palette roles",
      `Run agent on ${key}-1`,
      "API keys",
      "Env, hooks & tools",
      "Model prices",
      "Audit log",
    ])
      await expect(option(who, name)).toHaveCount(offered ? 1 : 0);
  }
  await context.close();
});

test("? shows every shortcut as visible text, only when not typing, and Escape closes it", async ({ page }) => {
  await login(page);
  const key = uniqueKey("PAS");
  await createProject(page, "Palette sheet", key);
  const filter = page.getByLabel("Filter tickets by text");
  await filter.focus();
  await page.keyboard.press("?");
  await expect(filter).toHaveValue("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toHaveCount(0);

  const link = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" });
  await link.focus();
  await page.keyboard.press("?");
  const sheet = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(sheet).toBeVisible();
  for (const text of ["Open the command palette", "New ticket in the first column", "Filter tickets", "Launch the run"])
    await expect(sheet.getByText(text)).toBeVisible();
  await expect(sheet.getByText("Ctrl K", { exact: true })).toBeVisible();
  expect(await violationsIn(page)).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(sheet).toBeHidden();
  await expect(link).toBeFocused();
});
