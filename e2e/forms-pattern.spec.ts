import { expect, test, type Locator, type Page } from "@playwright/test";
import { login, refusedBeside, uniqueKey } from "./fixtures";

// Issue 17, "Forms": every form fails the same way (the message beside the field it is about, in words,
// the value kept as typed), and every destructive action asks first in an alertdialog.

/** Raw validation output never reaches the page. */
async function noRawIssues(page: Page) {
  await expect(page.getByText(/\w+\.\d+\.\w+: |Too (big|small): expected|Invalid input: expected/)).toHaveCount(0);
}

test("instructions: a title that is too long is refused beside the title, and kept", async ({ page }) => {
  await login(page);
  await page.goto("/settings/instructions");
  const form = page.getByRole("form", { name: "New instructions" });
  const title = "t".repeat(121);
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Instructions").fill("Use pnpm.");
  await form.getByRole("button", { name: "Add instructions" }).click();
  await refusedBeside(form.getByLabel("Title"), "Titles are at most 120 characters.", title);
  await expect(form.getByLabel("Instructions")).toHaveValue("Use pnpm.");
  await noRawIssues(page);
});

test("API keys: a blank name is refused beside the name, and kept", async ({ page }) => {
  await login(page);
  await page.goto("/settings/api-keys");
  const form = page.getByRole("form", { name: "New API key" });
  await form.getByLabel("Key name").fill("   ");
  await form.getByRole("button", { name: "Create key" }).click();
  await refusedBeside(form.getByLabel("Key name"), "Name the key.", "   ");
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await noRawIssues(page);
});

test("clusters: an unreadable kubeconfig is refused beside the kubeconfig, and kept", async ({ page }) => {
  await login(page);
  await page.goto("/clusters");
  const form = page.getByRole("form", { name: "Register a cluster" });
  const name = `broken-${uniqueKey("c").toLowerCase()}`;
  const kubeconfig = "not: [a kubeconfig, at all";
  await form.getByLabel("Cluster name").fill(name);
  await form.getByLabel("Kubeconfig").fill(kubeconfig);
  await form.getByRole("button", { name: "Register cluster" }).click();
  await refusedBeside(form.getByLabel("Kubeconfig"), /^The kubeconfig could not be read/, kubeconfig);
  await expect(form.getByLabel("Cluster name")).toHaveValue(name);
  await expect(page.getByTestId("cluster").filter({ hasText: name })).toHaveCount(0);
});

test("model prices: a model name the server refuses is said beside the model, and kept", async ({ page }) => {
  await login(page);
  await page.goto("/settings/model-prices");
  const form = page.getByRole("form", { name: "Model price" });
  await form.getByLabel("Model", { exact: true }).fill("not a model name!");
  await form.getByLabel("Input", { exact: true }).fill("1");
  await form.getByLabel("Output", { exact: true }).fill("2");
  await form.getByRole("button", { name: "Save price" }).click();
  await refusedBeside(
    form.getByLabel("Model", { exact: true }),
    "Model names are letters, digits and . : / @ - (at most 100).",
    "not a model name!",
  );
  await expect(form.getByLabel("Input", { exact: true })).toHaveValue("1");
  await noRawIssues(page);
});

test("members: a login that cannot be one is refused beside the login, and kept", async ({ page }) => {
  await login(page);
  await page.goto("/settings/members");
  const form = page.getByRole("form", { name: "Invite a member" });
  await form.getByLabel("GitHub login").fill("not a login!");
  await form.getByRole("button", { name: "Invite" }).click();
  await refusedBeside(form.getByLabel("GitHub login"), "A GitHub login (letters, digits, dashes).", "not a login!");
  await expect(page.getByTestId("invitation-link")).toHaveCount(0);
});

test("projects: a key that is not one is refused beside the key, and kept", async ({ page }) => {
  await login(page);
  await page.goto("/projects");
  await page.getByLabel("Name").fill("Bad key");
  await page.getByLabel("Key").fill("no spaces please");
  await page.getByRole("button", { name: "Create project" }).click();
  await refusedBeside(
    page.getByLabel("Key"),
    "Key must be 2–10 letters or digits, starting with a letter (e.g. LIME).",
    "no spaces please",
  );
  await expect(page).toHaveURL(/\/projects$/);
});

/** Asks, keeps the item on "Keep it" and on Escape (focus back on the button), and removes it on confirming. */
async function asksFirst(page: Page, button: Locator, dialogName: string | RegExp, confirmLabel: string) {
  await button.click();
  const ask = page.getByRole("alertdialog", { name: dialogName });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole("button", { name: "Keep it" })).toBeFocused();
  await ask.getByRole("button", { name: "Keep it" }).click();
  await expect(ask).toBeHidden();
  await expect(button).toBeFocused();

  await button.click();
  await expect(ask).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(ask).toBeHidden();
  await expect(button).toBeFocused();

  await button.click();
  await ask.getByRole("button", { name: confirmLabel }).click();
  await expect(ask).toBeHidden();
}

test("revoking an API key asks first; keeping it keeps it", async ({ page }) => {
  await login(page);
  await page.goto("/settings/api-keys");
  const name = `ask ${uniqueKey("k")}`;
  await page.getByLabel("Key name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^al_/);
  const row = page.getByTestId("api-key").filter({ hasText: name });
  const revoke = row.getByRole("button", { name: "Revoke" });
  await expect(revoke).toBeEnabled();
  await asksFirst(page, revoke, `Revoke the API key ${name}?`, "Revoke key");
  await expect(row).toContainText("revoked");
});

test("deleting instructions asks first; keeping them keeps them", async ({ page }) => {
  await login(page);
  await page.goto("/settings/instructions");
  const title = `Ask first ${uniqueKey("i")}`;
  const form = page.getByRole("form", { name: "New instructions" });
  await form.getByLabel("Title").fill(title);
  await form.getByLabel("Instructions").fill("Say please.");
  await form.getByRole("button", { name: "Add instructions" }).click();
  const row = page.getByRole("listitem").filter({ hasText: title });
  await expect(row).toBeVisible();
  await expect(form.getByLabel("Title")).toHaveValue("");
  await asksFirst(
    page,
    row.getByRole("button", { name: "Delete" }),
    `Delete the instructions “${title}”?`,
    "Delete instructions",
  );
  await expect(row).toHaveCount(0);
});

test("removing a workspace model price asks first; keeping it keeps it", async ({ page }) => {
  await login(page);
  await page.goto("/settings/model-prices");
  const model = `ask-${uniqueKey("m").toLowerCase()}`;
  const form = page.getByRole("form", { name: "Model price" });
  await form.getByLabel("Model", { exact: true }).fill(model);
  await form.getByLabel("Input", { exact: true }).fill("1");
  await form.getByLabel("Output", { exact: true }).fill("2");
  await form.getByRole("button", { name: "Save price" }).click();
  const row = page.getByRole("table", { name: "Workspace prices" }).getByRole("row").filter({ hasText: model });
  await expect(row).toBeVisible();
  await asksFirst(
    page,
    row.getByRole("button", { name: "Remove" }),
    `Remove the workspace's price for ${model}?`,
    "Remove price",
  );
  await expect(row).toHaveCount(0);
});
