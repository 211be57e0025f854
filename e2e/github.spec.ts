import { expect, test } from "@playwright/test";
import { addBacklogTicket, column, connectGitHub, createProject, importHelloLime, login, uniqueKey } from "./fixtures";

test("connects GitHub, imports and browses a repository, runs an agent to a pull request, and the merge moves the ticket", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await login(page);

  // Connect with GitHub (OAuth against the fake), then import the demo repository.
  await connectGitHub(page);
  await expect(page).toHaveURL(/\/connectors\?connected=\d+/);
  await expect(page.getByTestId("connector").first()).toContainText("@octocat");
  await importHelloLime(page, "Imported octocat/hello-lime.");

  // Browse it: tree, a file, detected configuration; set up its webhook.
  await page.goto("/repos");
  await page.getByRole("link", { name: "octocat/hello-lime" }).first().click();
  await expect(page.getByTestId("file-tree")).toContainText("src/cli.js");
  await page.getByTestId("file-tree").getByRole("button", { name: "src/cli.js" }).click();
  await expect(page.getByTestId("file-content")).toContainText("usage: cli.js add|subtract a b");
  await page.getByRole("button", { name: "Set up webhook" }).click();
  await expect(page.getByRole("status")).toContainText(/Webhook created on GitHub|already set up/);

  // A project on that repository, a ticket, a run from the ticket.
  const key = uniqueKey("G");
  await createProject(page, "Shipping", key);
  await page.getByLabel("Primary repository").selectOption({ label: "octocat/hello-lime" });
  await expect(page.getByTestId("project-repo")).toContainText("octocat/hello-lime");
  await addBacklogTicket(page, "Document the calculator");
  await page.goto(`/projects/${key}?ticket=${key}-1`);
  await page.getByRole("button", { name: "Run agent" }).click();
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  await expect(page.getByTestId("transcript")).toContainText("Cloned octocat/hello-lime (main) onto branch al/implement/");
  await expect(page.getByTestId("run-status")).toHaveText("completed", { timeout: 20_000 });
  const pullLink = page.getByTestId("event-pull-request").getByRole("link");
  await expect(pullLink).toContainText(`octocat/hello-lime#`);
  await expect(pullLink).toContainText(`${key}-1: Document the calculator`);

  // Follow it to the pull request on (fake) GitHub and merge it there.
  await page.goto((await pullLink.getAttribute("href"))!);
  await expect(page.getByTestId("pull-body")).toContainText(`${key}-1`);
  await expect(page.getByRole("heading", { name: /AGENT_NOTES.md \((added|modified)/ })).toBeVisible();
  await page.getByRole("button", { name: "Merge pull request" }).click();
  await expect(page.getByText("Merged").first()).toBeVisible();

  // The merge webhook moves the ticket to Done.
  await page.goto(`/projects/${key}`);
  await expect(column(page, "Done").getByText("Document the calculator")).toBeVisible({ timeout: 10_000 });
});
