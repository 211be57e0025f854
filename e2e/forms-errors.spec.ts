import { expect, test } from "@playwright/test";
import { addBacklogTicket, card, column, createProject, login, uniqueKey } from "./fixtures";

test.describe.configure({ timeout: 90_000 });

test("the column editor says which WIP limit is too big, beside it, and keeps what was typed", async ({ page }) => {
  await login(page);
  const key = uniqueKey("F");
  await createProject(page, "Form columns", key);
  await page.getByRole("button", { name: "Edit columns" }).click();
  const editor = page.getByRole("dialog", { name: "Columns" });
  await editor.getByLabel("Column 2 WIP limit").fill("1000");
  await editor.getByRole("button", { name: "Save columns" }).click();
  const limit = editor.getByLabel("Column 2 WIP limit");
  await expect(limit).toHaveAttribute("aria-invalid", "true");
  await expect(limit).toHaveAccessibleDescription("WIP limit must be 999 or less");
  await expect(limit).toHaveValue("1000");
  await expect(editor).not.toContainText("columns.1");
  await expect(editor).not.toContainText("expected number");

  await limit.fill("3");
  await editor.getByRole("button", { name: "Save columns" }).click();
  await expect(editor).toBeHidden();
  await expect(column(page, "To do")).toContainText("0 / 3");
});

test("the budget is a form: empty is an error, an amount saves, No limit removes it", async ({ page }) => {
  await login(page);
  const key = uniqueKey("B");
  await createProject(page, "Form budget", key);
  const budget = page.getByTestId("project-budget");
  await expect(budget).toContainText("No budget");
  await budget.getByRole("button", { name: "set" }).click();
  const form = page.getByRole("form", { name: "Monthly budget" });
  const amount = form.getByLabel("Monthly budget for agent runs (US dollars)");
  await form.getByRole("button", { name: "Save budget" }).click();
  await expect(amount).toHaveAttribute("aria-invalid", "true");
  await expect(amount).toHaveAccessibleDescription("Enter a monthly amount in dollars, or choose No limit.");
  await expect(budget).toContainText("No budget");

  await amount.fill("ten");
  await form.getByRole("button", { name: "Save budget" }).click();
  await expect(amount).toHaveAccessibleDescription("Write the amount as dollars and cents, like 100 or 12.50.");
  await expect(amount).toHaveValue("ten");

  await amount.fill("25");
  await form.getByRole("button", { name: "Save budget" }).click();
  await expect(budget).toContainText("Budget $0.00 of $25.00");
  await expect(form).toBeHidden();

  await budget.getByRole("button", { name: "change" }).click();
  await page.getByRole("form", { name: "Monthly budget" }).getByRole("button", { name: "No limit" }).click();
  await expect(budget).toContainText("No budget");
  await expect(budget).not.toContainText("$25.00");
});

test("a tool's input schema that is not JSON is refused beside the field, in words", async ({ page }) => {
  await login(page);
  await page.goto("/settings/integrations");
  const name = `tool_${uniqueKey("t").toLowerCase()}`;
  await page.getByLabel("Tool name").fill(name);
  await page.getByLabel("Endpoint").fill("https://tools.example.test/lookup");
  await page.getByLabel("Tool description").fill("Looks things up");
  const schema = page.getByLabel("Input schema");
  await schema.fill('{ type: "object" }');
  await page.getByRole("button", { name: "Add tool" }).click();
  await expect(schema).toHaveAttribute("aria-invalid", "true");
  await expect(schema).toHaveAccessibleDescription(
    "Input schema is not valid JSON (line 1, column 3): expected a property name in double quotes — check for a trailing comma or an unquoted name.",
  );
  await expect(schema).toHaveValue('{ type: "object" }');
  await expect(page.getByText(/in JSON at position/)).toBeHidden();
});

test("a feature without repositories is refused beside the repositories", async ({ page }) => {
  await login(page);
  await page.goto("/features");
  await page.getByRole("button", { name: "New feature" }).click();
  const form = page.getByRole("form", { name: "Feature" });
  await form.getByLabel("Feature name").fill(`Lonely ${uniqueKey("x")}`);
  await form.getByRole("button", { name: "Save feature" }).click();
  const repositories = form.getByRole("group", { name: "Repositories and their share of the feature" });
  await expect(repositories).toHaveAttribute("aria-invalid", "true");
  await expect(repositories).toContainText("Choose at least one repository: a run on the feature works in each of them.");
  await expect(form.getByLabel("Feature name")).toHaveValue(/^Lonely /);
});

test("deleting a ticket asks first in a dialog; keeping it keeps it", async ({ page }) => {
  await login(page);
  const key = uniqueKey("K");
  await createProject(page, "Form confirm", key);
  await addBacklogTicket(page, "Maybe delete me");
  await card(page, `${key}-1`).click();
  const drawer = page.getByRole("dialog", { name: `Ticket ${key}-1` });
  await drawer.getByRole("button", { name: "Delete" }).click();
  const ask = page.getByRole("alertdialog", { name: `Delete ${key}-1 for good?` });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole("button", { name: "Keep it" })).toBeFocused();
  await ask.getByRole("button", { name: "Keep it" }).click();
  await expect(ask).toBeHidden();
  await expect(drawer).toBeVisible();

  await drawer.getByRole("button", { name: "Delete" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete ticket" }).click();
  await expect(drawer).toBeHidden();
  await expect(card(page, `${key}-1`)).toHaveCount(0);
});

test("cancelling a run asks first, and no streaming cursor is left behind", async ({ page }) => {
  await login(page);
  await page.goto("/command");
  await page.getByLabel("Provider").selectOption("codex");
  await page.getByLabel("Prompt").fill("Take your time [[script:slow]]");
  await page.getByRole("button", { name: "Launch run" }).click();
  const panel = page.getByRole("region", { name: /^Run \d+$/ });
  await expect(panel.getByTestId("run-status")).toHaveText("running");
  await expect(panel.getByTestId("event-message").first()).toBeVisible();

  await page.getByRole("button", { name: "Cancel run" }).click();
  const ask = page.getByRole("alertdialog", { name: /^Cancel run #\d+\?$/ });
  await ask.getByRole("button", { name: "Keep running" }).click();
  await expect(panel.getByTestId("run-status")).toHaveText("running");

  await page.getByRole("button", { name: "Cancel run" }).click();
  await ask.getByRole("button", { name: "Cancel run" }).click();
  await expect(panel.getByTestId("run-status")).toHaveText("cancelled");
  await expect(panel.getByLabel("streaming")).toHaveCount(0);
});

test("Add domain says why it cannot be used yet", async ({ page }) => {
  await login(page);
  await page.goto("/domains");
  const add = page.getByRole("button", { name: "Add domain" });
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription(/deploy a preview from a run first|Choose the preview|Type the domain/);
});
