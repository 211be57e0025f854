import { expect, test } from "@playwright/test";
import { connectGitHub, login } from "./fixtures";

test("an invitation to a login GitHub does not have is refused beside the form, and the login is kept to correct", async ({
  page,
}) => {
  await login(page);
  await connectGitHub(page);
  await page.goto("/settings/members");
  const form = page.getByRole("form", { name: "Invite a member" });
  const loginField = form.getByLabel("GitHub login");

  await loginField.fill("nobody-by-this-name");
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(loginField).toHaveAccessibleDescription("No GitHub user is called nobody-by-this-name.");
  await expect(loginField).toHaveValue("nobody-by-this-name");
  await expect(page.getByTestId("invitation-link")).toHaveCount(0);

  // Corrected to a login GitHub has: invited, checked (no "not asked" note).
  await loginField.fill("hubot");
  await form.getByRole("button", { name: "Invite" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Invited @hubot" })).toBeVisible();
  await expect(page.getByTestId("invitation-unchecked")).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);
});
