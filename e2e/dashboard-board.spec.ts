import { expect, test } from "@playwright/test";
import { addBacklogTicket, card, column, createProject, limitColumn, login, titlesIn, uniqueKey } from "./fixtures";

test.describe.configure({ timeout: 90_000 });
test.use({ viewport: { width: 1440, height: 900 } });

test("the keyboard moves a ticket one column per key press, through empty columns, all the way to Done", async ({ page }) => {
  await login(page);
  const key = uniqueKey("K");
  await createProject(page, "Keyboard flow", key);
  await addBacklogTicket(page, "Walk the board");

  const announced = page.locator('[id^="DndLiveRegion"]');
  await card(page, `${key}-1`).focus();
  await page.keyboard.press("Space");
  await expect(announced).toHaveText(`Picked up ${key}-1.`);
  for (const name of ["To do", "In progress", "In review", "Done"]) {
    await page.keyboard.press("ArrowRight");
    await expect(announced).toHaveText(`${key}-1 is over ${name}.`);
  }
  await page.keyboard.press("Space");
  await expect(announced).toHaveText(`${key}-1 dropped in Done.`);
  await expect.poll(() => titlesIn(page, "Done")).toEqual(["Walk the board"]);

  // And back one column at a time.
  await card(page, `${key}-1`).focus();
  await page.keyboard.press("Space");
  // An arrow pressed before the pick-up is announced is lost, as it would be for a person.
  await expect(announced).toHaveText(`Picked up ${key}-1.`);
  await page.keyboard.press("ArrowLeft");
  await expect(announced).toHaveText(`${key}-1 is over In review.`);
  await page.keyboard.press("Space");
  await expect(announced).toHaveText(`${key}-1 dropped in In review.`);
  await page.reload();
  await expect(page.getByText("● Live")).toBeVisible();
  expect(await titlesIn(page, "In review")).toEqual(["Walk the board"]);
});

test("a keyboard move refused by the WIP limit is announced as refused, with the reason", async ({ page }) => {
  await login(page);
  const key = uniqueKey("L");
  await createProject(page, "Refused flow", key);
  await addBacklogTicket(page, "Waiting");

  await limitColumn(page, 2, 1);
  await expect(column(page, "To do")).toContainText("0 / 1");
  await page.getByRole("button", { name: "New ticket in To do" }).click();
  await page.getByLabel("New ticket title in To do").fill("Already busy");
  await page.getByLabel("New ticket title in To do").press("Enter");
  await expect(column(page, "To do")).toContainText("1 / 1");

  const announced = page.locator('[id^="DndLiveRegion"]');
  await card(page, `${key}-1`).focus();
  await page.keyboard.press("Space");
  await expect(announced).toHaveText(`Picked up ${key}-1.`);
  await page.keyboard.press("ArrowRight");
  await expect(announced).toHaveText(`${key}-1 is over To do.`);
  await page.keyboard.press("Space");
  await expect(announced).toHaveText(
    `Move refused: "To do" is at its WIP limit of 1; finish or move a ticket out first. ${key}-1 is back in Backlog.`,
  );
  await expect.poll(() => titlesIn(page, "Backlog")).toEqual(["Waiting"]);
  expect(await titlesIn(page, "To do")).toEqual(["Already busy"]);
});
