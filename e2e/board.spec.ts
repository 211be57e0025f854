import { expect, test } from "@playwright/test";
import { addBacklogTicket, card, column, createProject, dragTo, limitColumn, login, titlesIn, uniqueKey } from "./fixtures";

test("plans on the board: create, drag with mouse and keyboard, persist, and see it live elsewhere", async ({
  page,
  browser,
}) => {
  await login(page);
  const key = uniqueKey("B");
  await createProject(page, "Board flow", key);
  await expect(column(page, "Backlog").getByText("No tickets")).toBeVisible();

  await addBacklogTicket(page, "Write the spec");
  await addBacklogTicket(page, "Build the board");
  await addBacklogTicket(page, "Ship it");
  expect(await titlesIn(page, "Backlog")).toEqual(["Ship it", "Build the board", "Write the spec"]);

  // A second browser, signed in as the same user, watches the board.
  const other = await browser.newContext();
  const watcher = await other.newPage();
  await login(watcher);
  await watcher.goto(`/projects/${key}`);
  await expect(watcher.getByText("● Live")).toBeVisible();

  // Mouse: drag "Write the spec" to To do.
  await dragTo(page, card(page, `${key}-1`), column(page, "To do"));
  await expect.poll(() => titlesIn(page, "To do")).toEqual(["Write the spec"]);
  await expect.poll(() => titlesIn(watcher, "To do"), { timeout: 2_000 }).toEqual(["Write the spec"]);

  // Keyboard: pick up "Ship it", move it one column right, drop.
  // Each step waits for what a screen reader would hear, as a keyboard user waits for the card to follow.
  const announced = page.locator('[id^="DndLiveRegion"]');
  await card(page, `${key}-3`).focus();
  await page.keyboard.press("Space");
  await expect(announced).toHaveText(`Picked up ${key}-3.`);
  await page.keyboard.press("ArrowRight");
  await expect(announced).toHaveText(`${key}-3 is over To do.`);
  await page.keyboard.press("Space");
  await expect(announced).toHaveText(`${key}-3 dropped in To do.`);
  await expect.poll(() => titlesIn(page, "To do")).toContain("Ship it");
  await expect.poll(() => titlesIn(watcher, "To do"), { timeout: 2_000 }).toContain("Ship it");

  const toDo = await titlesIn(page, "To do");
  await page.reload();
  await expect(page.getByText("● Live")).toBeVisible();
  expect(await titlesIn(page, "To do")).toEqual(toDo);
  expect(await titlesIn(page, "Backlog")).toEqual(["Build the board"]);
  await other.close();
});

test("edits a ticket in the drawer, with a markdown preview and its history", async ({ page }) => {
  await login(page);
  const key = uniqueKey("D");
  await createProject(page, "Drawer flow", key);
  await addBacklogTicket(page, "Rough idea");
  await card(page, `${key}-1`).click();

  const drawer = page.getByRole("dialog", { name: `Ticket ${key}-1` });
  await expect(drawer.getByLabel("Title")).toHaveValue("Rough idea");
  await drawer.getByLabel("Title").fill("Polished idea");
  await drawer.getByLabel("Description").fill("## Goal\n\n- fast\n- solid");
  await drawer.getByRole("tab", { name: "Preview" }).click();
  await expect(drawer.getByTestId("markdown-preview").getByRole("heading", { name: "Goal" })).toBeVisible();
  await drawer.getByLabel("Priority").selectOption("high");
  await drawer.getByLabel("Labels").fill("ux, board");
  await drawer.getByRole("button", { name: "Save" }).click();
  await expect(drawer.getByRole("status")).toHaveText("Saved.");
  await expect(drawer.getByText("edited title, description, priority, labels")).toBeVisible();

  await drawer.getByLabel("Close ticket").click();
  await expect(card(page, `${key}-1`)).toContainText("Polished idea");
  await expect(card(page, `${key}-1`)).toContainText("high");

  // The drawer is a link: reloading keeps it open.
  await card(page, `${key}-1`).click();
  await expect(page).toHaveURL(new RegExp(`ticket=${key}-1`));
  await page.reload();
  await expect(page.getByRole("dialog", { name: `Ticket ${key}-1` }).getByLabel("Title")).toHaveValue("Polished idea");
});

test("a move refused by the WIP limit rolls back and says why", async ({ page }) => {
  await login(page);
  const key = uniqueKey("W");
  await createProject(page, "WIP flow", key);
  await addBacklogTicket(page, "First");
  await addBacklogTicket(page, "Second");

  await limitColumn(page, 3, 1);
  await expect(column(page, "In progress")).toContainText("0 / 1");

  await dragTo(page, card(page, `${key}-1`), column(page, "In progress"));
  await expect.poll(() => titlesIn(page, "In progress")).toEqual(["First"]);
  await dragTo(page, card(page, `${key}-2`), column(page, "In progress"));
  await expect(page.getByRole("alert")).toContainText('"In progress" is at its WIP limit of 1');
  await expect.poll(() => titlesIn(page, "Backlog")).toEqual(["Second"]);
  expect(await titlesIn(page, "In progress")).toEqual(["First"]);
});
