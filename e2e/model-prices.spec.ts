import { expect, test, type Page } from "@playwright/test";
import { login, signInInvitedViewer } from "./fixtures";

const form = (page: Page) => page.getByRole("form", { name: "Model price" });
const workspacePrices = (page: Page) => page.getByRole("table", { name: "Workspace prices" });

test("an admin prices a model the catalog does not know, sees it listed and removes it; bad input is named beside its field", async ({
  page,
}) => {
  await login(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Model prices" }).click();
  await expect(page.getByRole("heading", { name: "Model prices" })).toBeVisible();
  const model = `qwen-e2e-${Math.random().toString(36).slice(2, 8)}`;
  await expect(page.getByRole("table", { name: "List prices" })).not.toContainText(model);

  // An empty model and a negative price: nothing is sent, each message is beside its field.
  await form(page).getByLabel("Input", { exact: true }).fill("-1");
  await form(page).getByLabel("Output", { exact: true }).fill("0.6");
  await form(page).getByRole("button", { name: "Save price" }).click();
  const modelBox = form(page).getByLabel("Model", { exact: true });
  const inputBox = form(page).getByLabel("Input", { exact: true });
  await expect(modelBox).toHaveAttribute("aria-invalid", "true");
  await expect(modelBox).toHaveAccessibleDescription("Enter the model's id, as the provider names it.");
  await expect(inputBox).toHaveAttribute("aria-invalid", "true");
  await expect(inputBox).toHaveAccessibleDescription("A price cannot be negative.");
  await expect(form(page).getByLabel("Output", { exact: true })).not.toHaveAttribute("aria-invalid");
  await expect(page.getByText(model)).toHaveCount(0);

  // Fixed, it saves: the workspace's price is listed; blank cache prices are billed as input.
  await modelBox.fill(model);
  await expect(modelBox).not.toHaveAttribute("aria-invalid");
  await inputBox.fill("0.2");
  await form(page).getByRole("button", { name: "Save price" }).click();
  const row = workspacePrices(page).getByRole("row").filter({ hasText: model });
  await expect(row).toBeVisible();
  await expect(row.getByRole("cell")).toHaveText(["codex", model, "$0.2", "$0.2", "$0.2", "$0.6", "EditRemove"]);
  await expect(modelBox).toHaveValue("");

  // The price stays after a reload (it is the workspace's), and Remove takes it away.
  await page.reload();
  await expect(workspacePrices(page).getByRole("row").filter({ hasText: model })).toBeVisible();
  await workspacePrices(page).getByRole("row").filter({ hasText: model }).getByRole("button", { name: "Remove" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove price" }).click();
  await expect(page.getByText(model)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Model prices" })).toBeVisible();
  await expect(page.getByText(model)).toHaveCount(0);
});

test("a viewer gets no price controls: no link to the page, and the page itself refuses with the reason", async ({
  page,
  browser,
}) => {
  await login(page);
  const { viewer, context: viewerContext } = await signInInvitedViewer(page, browser);

  await expect(viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Model prices" })).toHaveCount(0);
  const response = await viewer.goto("/settings/model-prices");
  expect(response?.status()).toBe(403);
  await expect(viewer.getByText(/Not allowed: your role cannot manage .*model prices/)).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Save price" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await viewerContext.close();
});
