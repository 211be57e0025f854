import { expect, test } from "@playwright/test";
import { login } from "./fixtures";

// Issue 17, "Forms": a one-click action in a row of a list (a role, a toggle, Sync, Remove) that the server
// refuses is said inside that row, beside the control, not at the top of a long page.

test("the last admin's role change is refused inside the member's row, and the role stays", async ({ page }) => {
  await login(page);
  await page.goto("/settings/members");
  const members = page.getByRole("list", { name: "Members" });
  const me = members.getByRole("listitem").filter({ hasText: "@octocat" });
  const role = me.getByLabel("Role of octocat");
  await expect(role).toHaveValue("admin");

  await role.selectOption("dev");
  await expect(me.getByRole("alert")).toContainText(/admin/i);
  await expect(role).toHaveValue("admin");
  // Said in the row only: the page's own error line stays empty.
  await expect(page.getByRole("alert")).toHaveCount(1);
});
