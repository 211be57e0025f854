import { expect, test } from "@playwright/test";

test("a direct hit on a page without a session redirects to login", async ({ page }) => {
  await page.goto("/projects/42?tab=board");
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fprojects%2F42%3Ftab%3Dboard$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("logs in through GitHub, lands in the shell with the new tenant, and logs out", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();

  await expect(page.getByRole("heading", { name: "Authorize Assembly Lime" })).toBeVisible();
  await page.getByRole("button", { name: "Authorize as octocat" }).click();

  await expect(page.getByRole("heading", { name: "Welcome, The Octocat" })).toBeVisible();
  await expect(page.getByTestId("tenant-name")).toHaveText("The Octocat's team");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Home" })).toBeVisible();
  await expect(page.getByText("as admin")).toBeVisible();

  await page.getByLabel("User menu for octocat").click();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  // The session is gone server-side: the home page sends us back to login.
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("returns to the page asked for after logging in, and shows a 404 for unknown pages", async ({ page }) => {
  await page.goto("/no/such/page");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: "Authorize as hubot" }).click();
  await expect(page).toHaveURL(/\/no\/such\/page$/);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByTestId("tenant-name")).toHaveText("Hubot's team");
});
