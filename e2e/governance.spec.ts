import { expect, test } from "@playwright/test";
import { addBacklogTicket, createProject, login, uniqueKey } from "./fixtures";

test("an admin invites a viewer, who cannot launch runs; an admin creates an API key and revokes it", async ({
  page,
  browser,
}) => {
  await login(page);
  const key = uniqueKey("V");
  await createProject(page, "Watched", key);
  await addBacklogTicket(page, "Look but do not touch");
  await page.goto(`/projects/${key}?ticket=${key}-1`);
  await expect(page.getByRole("button", { name: "Run agent" })).toBeVisible();

  // Invite monalisa as a viewer.
  await page.goto("/settings/members");
  const existing = page.getByRole("listitem").filter({ hasText: "@monalisa" });
  if ((await existing.count()) === 0) {
    await page.getByLabel("GitHub login").fill("monalisa");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByRole("button", { name: "Invite" }).click();
  }
  await expect(page.getByRole("listitem").filter({ hasText: "@monalisa" })).toBeVisible();

  // monalisa signs in and accepts the invitation (nobody joins without saying yes); the session opens there.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await login(viewer, "monalisa");
  const accept = viewer.getByRole("button", { name: /^Accept the invitation to .*Octocat/ }).first();
  const inOctocat = viewer.getByTestId("tenant-name").filter({ hasText: "Octocat" });
  // The banner offers the invitation once the page has loaded (a retry may find it accepted already).
  await expect(accept.or(inOctocat)).toBeVisible();
  if (await accept.isVisible()) await accept.click();
  await expect(viewer.getByTestId("tenant-name")).toContainText("Octocat");
  await viewer.goto(`/projects/${key}?ticket=${key}-1`);
  await expect(viewer.getByRole("heading", { name: "Agent runs" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Run agent" })).toHaveCount(0);
  await expect(viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" })).toHaveCount(0);
  await viewer.goto("/command");
  await expect(viewer.getByText("Your role can watch runs but not launch them.")).toBeVisible();
  await viewerContext.close();

  // The admin creates an API key (shown once), then revokes it.
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("e2e key");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^al_/);
  const row = page.getByTestId("api-key").filter({ hasText: "e2e key" }).first();
  await expect(row).toContainText("workspace:read");
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
});
