import { expect, test } from "@playwright/test";
import { createProject, login, uniqueKey } from "./fixtures";

test.describe.configure({ timeout: 90_000 });

test("a reserved env var name is refused beside the name field, and an ordinary one is kept", async ({ page }) => {
  await login(page);
  const key = uniqueKey("V");
  await createProject(page, "Env flow", key);
  await page.goto("/settings/integrations");
  const setName = `reserved-${key}`;
  await page.getByLabel("Set name").fill(setName);
  await page.getByLabel("Scope target").selectOption({ label: `${key} · Env flow` });
  await page.getByRole("button", { name: "Add set" }).click();
  const set = page
    .locator("div")
    .filter({ has: page.getByText(setName, { exact: true }) })
    .filter({ has: page.getByLabel("Variable name") })
    .last();
  await expect(set).toBeVisible();

  await set.getByLabel("Variable name").fill("path");
  await set.getByLabel("Variable value").fill("/nowhere");
  await set.getByRole("button", { name: "Set", exact: true }).click();
  const name = set.getByLabel("Variable name");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await expect(name).toHaveAccessibleDescription("PATH is set by the runner for every command; choose another name.");
  // The values stay for the user to fix.
  await expect(name).toHaveValue("PATH");
  await expect(set.getByText("PATH = ••••••")).toBeHidden();

  await name.fill("DEPLOY_REGION");
  await set.getByRole("button", { name: "Set", exact: true }).click();
  await expect(set.getByText("DEPLOY_REGION = ••••••")).toBeVisible();
  await expect(name).not.toHaveAttribute("aria-invalid", "true");
});
