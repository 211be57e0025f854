import { expect, test } from "@playwright/test";
import { card, column, createProject, limitColumn, login, refusedBeside, uniqueKey } from "./fixtures";

// Issue 17, "Forms", on the board: quick entry, the ticket drawer and the run composer fail like every other
// form (the message beside the field, what was typed kept).

test.describe.configure({ timeout: 90_000 });

test("quick entry: a refused ticket is said beside the title field, and the title comes back", async ({ page }) => {
  await login(page);
  const key = uniqueKey("P");
  await createProject(page, "Pattern tickets", key);
  await limitColumn(page, 2, 1);
  await expect(column(page, "To do")).toContainText("0 / 1");

  await page.getByRole("button", { name: "New ticket in To do" }).click();
  const title = page.getByLabel("New ticket title in To do");
  await title.press("Enter");
  await refusedBeside(title, "Give the ticket a title, then press Enter.", "");
  await title.fill("Fits");
  await title.press("Enter");
  await expect(column(page, "To do")).toContainText("1 / 1");
  await expect(title).not.toHaveAttribute("aria-invalid");
  await expect(title).toBeFocused();

  await title.fill("One too many");
  await title.press("Enter");
  await expect(title).toHaveAttribute("aria-invalid", "true");
  await expect(title).toHaveAccessibleDescription(/WIP limit|limit/i);
  await expect(title).toHaveValue("One too many");
  await expect(card(page, `${key}-2`)).toHaveCount(0);
});

test("the ticket drawer says an empty title beside Title, keeps the other edits, and the run composer an empty prompt", async ({
  page,
}) => {
  await login(page);
  const key = uniqueKey("D");
  await createProject(page, "Pattern drawer", key);
  await page.keyboard.press("c");
  const quick = page.getByLabel("New ticket title in Backlog");
  await quick.fill("Named");
  await quick.press("Enter");
  await card(page, `${key}-1`).click();
  const drawer = page.getByRole("dialog", { name: `Ticket ${key}-1` });
  const title = drawer.getByRole("textbox", { name: "Title", exact: true });
  await title.fill("");
  await drawer.getByLabel("Labels").fill("ux");
  await drawer.getByRole("button", { name: "Save" }).click();
  await refusedBeside(title, "Title cannot be empty.", "");
  await expect(drawer.getByLabel("Labels")).toHaveValue("ux");
  await expect(drawer.getByRole("status")).toHaveCount(0);
  await title.fill("Named again");
  await drawer.getByRole("button", { name: "Save" }).click();
  await expect(drawer.getByRole("status")).toHaveText("Saved.");
  await expect(title).not.toHaveAttribute("aria-invalid");
  await drawer.getByLabel("Close ticket").click();

  await page.goto("/command");
  const composer = page.getByRole("form", { name: "Launch an agent run" });
  await composer.getByRole("button", { name: "Launch run" }).click();
  await refusedBeside(composer.getByLabel("Prompt"), "Write a prompt for the agent.", "");
});
