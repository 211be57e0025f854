import { expect, test, type Locator } from "@playwright/test";
import { addBacklogTicket, card, column, createProject, login, titlesIn, uniqueKey } from "./fixtures";

/** Whether the focused element is inside `container`. */
const holdsFocus = (container: Locator) => container.evaluate((element) => element.contains(document.activeElement));

test("the ticket drawer takes focus, keeps it while tabbing, and gives it back to the card on Escape", async ({ page }) => {
  test.setTimeout(60_000);
  await login(page);
  const key = uniqueKey("K");
  await createProject(page, "Keyboard drawer", key);
  await addBacklogTicket(page, "Open me from the keyboard");

  await card(page, `${key}-1`).focus();
  await page.keyboard.press("Enter");
  const drawer = page.getByRole("dialog", { name: `Ticket ${key}-1` });
  await expect(drawer.getByLabel("Title")).toHaveValue("Open me from the keyboard");
  expect(await holdsFocus(drawer)).toBe(true);

  // More presses than the drawer has controls: focus wraps around inside it, never reaching the board.
  for (let press = 0; press < 30; press++) {
    await page.keyboard.press(press % 7 === 6 ? "Shift+Tab" : "Tab");
    expect(await holdsFocus(drawer), `after ${press + 1} presses`).toBe(true);
  }

  await page.keyboard.press("Escape");
  await expect(drawer).toBeHidden();
  await expect(card(page, `${key}-1`)).toBeFocused();
});

test("the column editor takes focus and gives it back to its button on Escape", async ({ page }) => {
  test.setTimeout(60_000);
  await login(page);
  await createProject(page, "Keyboard columns", uniqueKey("K"));

  const editColumns = page.getByRole("button", { name: "Edit columns" });
  await editColumns.focus();
  await page.keyboard.press("Enter");
  const editor = page.getByRole("dialog", { name: "Columns" });
  await expect(editor).toBeVisible();
  expect(await holdsFocus(editor)).toBe(true);
  for (let press = 0; press < 25; press++) {
    await page.keyboard.press("Tab");
    expect(await holdsFocus(editor), `after ${press + 1} presses`).toBe(true);
  }

  await page.keyboard.press("Escape");
  await expect(editor).toBeHidden();
  await expect(editColumns).toBeFocused();
});

test("quick entry keeps the title field focused and empty, ready for the next ticket", async ({ page }) => {
  await login(page);
  const key = uniqueKey("K");
  await createProject(page, "Quick entry", key);

  await page.keyboard.press("c");
  const title = page.getByLabel("New ticket title in Backlog");
  await expect(title).toBeFocused();
  await page.keyboard.type("First of two");
  await page.keyboard.press("Enter");
  await expect(column(page, "Backlog").getByText("First of two")).toBeVisible();
  await expect(title).toBeFocused();
  await expect(title).toHaveValue("");

  await page.keyboard.type("Second of two");
  await page.keyboard.press("Enter");
  await expect(column(page, "Backlog").getByText("Second of two")).toBeVisible();
  await expect(title).toBeFocused();
  await expect(title).toHaveValue("");
  expect(await titlesIn(page, "Backlog")).toEqual(expect.arrayContaining(["First of two", "Second of two"]));

  // Escape puts the field away and focus on the column's +, not on the page.
  await page.keyboard.press("Escape");
  await expect(title).toBeHidden();
  await expect(page.getByRole("button", { name: "New ticket in Backlog" })).toBeFocused();
});

test("the Command Center has exactly one main landmark", async ({ page }) => {
  await login(page);
  await page.goto("/command");
  await expect(page.getByRole("heading", { name: "Command Center" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Command Center" })).toBeVisible();
});

test("a confirmation gives focus back to the control that asked, inside the drawer that holds it", async ({ page }) => {
  test.setTimeout(60_000);
  await login(page);
  const key = uniqueKey("K");
  await createProject(page, "Keyboard confirm", key);
  await addBacklogTicket(page, "Ask before archiving");
  await page.goto(`/projects/${key}?ticket=${key}-1`);
  const drawer = page.getByRole("dialog", { name: `Ticket ${key}-1` });
  const archive = drawer.getByRole("button", { name: "Archive" });
  await archive.focus();
  await page.keyboard.press("Enter");
  const question = page.getByRole("alertdialog", { name: `Archive ${key}-1?` });
  await expect(question.getByRole("button", { name: "Keep it" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(question).toBeHidden();
  await expect(drawer).toBeVisible();
  await expect(archive).toBeFocused();
});

test("a page that does not exist, inside the app, has exactly one main landmark", async ({ page }) => {
  await login(page);
  await page.goto("/no-such-page");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("main")).toHaveCount(1);
});
