import { expect, test } from "@playwright/test";
import { addBacklogTicket, createProject, login, signInInvitedViewer, uniqueKey } from "./fixtures";

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

  // Invite monalisa as a viewer; she signs in and accepts.
  const { viewer, context: viewerContext } = await signInInvitedViewer(page, browser);
  await viewer.goto(`/projects/${key}?ticket=${key}-1`);
  await expect(viewer.getByRole("heading", { name: "Agent runs" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Run agent" })).toHaveCount(0);
  await expect(viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" })).toHaveCount(0);
  await viewer.goto("/command");
  await expect(viewer.getByText("Your role can watch runs but not launch them.")).toBeVisible();

  // A member of two workspaces now (her own and Octocat's), she switches between them from the user menu.
  await viewer.getByLabel("User menu for monalisa").click();
  await viewer.getByRole("button", { name: /^Switch to Mona Lisa/ }).click();
  await expect(viewer.getByTestId("tenant-name")).toHaveText(/Mona Lisa/);
  await expect(viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" })).toBeVisible();
  await viewer.getByLabel("User menu for monalisa").click();
  await viewer.getByRole("button", { name: /^Switch to .*Octocat/ }).click();
  await expect(viewer.getByTestId("tenant-name")).toContainText("Octocat");
  await expect(viewer.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API keys" })).toHaveCount(0);
  await viewerContext.close();

  // The admin creates an API key (shown once), then revokes it.
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("e2e key");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^al_/);
  const row = page.getByTestId("api-key").filter({ hasText: "e2e key" }).first();
  await expect(row).toContainText("workspace:read");
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row).toContainText("revoked");
});
