import { expect, test, type Browser, type Page } from "@playwright/test";
import { PROCEDURE_PERMISSIONS } from "../app/procedure-permissions.generated";
import { isPermission, ROLE_PERMISSIONS, type Permission } from "../server/auth/permissions";
import type { RoleKey } from "../server/auth/roles";
import { prepareEveryPage, signedInStops, type Stop } from "./app-pages";
import {
  addBacklogTicket,
  card,
  column,
  createProject,
  dragTo,
  login,
  signInInvitedViewer,
  titlesIn,
  uniqueKey,
} from "./fixtures";

/** A fake GitHub user (test/fakes/github/accounts.ts) for each role; octocat owns the workspace. */
const MEMBERS: Array<{ role: RoleKey; login: string }> = [
  { role: "viewer", login: "alan" },
  { role: "qa", login: "ada" },
  { role: "dev", login: "grace" },
  { role: "pm", login: "linus" },
];

type Control = { page: string; marker: string; requirement: string; enabled: boolean; reason: string };

/** Every control on the page that names what it calls, as the member sees it. */
async function markedControls(page: Page, path: string): Promise<Control[]> {
  const found = await page.locator("[data-procedure], [data-permission]").evaluateAll((elements) =>
    elements
      .filter((element) => element.checkVisibility())
      .map((element) => ({
        procedure: element.getAttribute("data-procedure"),
        permission: element.getAttribute("data-permission"),
        enabled: !element.matches(":disabled") && element.getAttribute("aria-disabled") !== "true",
        reason: element.getAttribute("title") ?? "",
      })),
  );
  return found.map(({ procedure, permission, enabled, reason }) => ({
    page: path,
    marker: procedure ?? permission!,
    requirement: procedure
      ? (PROCEDURE_PERMISSIONS[procedure as keyof typeof PROCEDURE_PERMISSIONS] ?? "undeclared")
      : permission!,
    enabled,
    reason,
  }));
}


/** Opens each page (and dialog) as this member and returns the controls whose action the server would refuse them. */
async function walk(page: Page, role: RoleKey, stops: Stop[]) {
  const granted = new Set<string>(ROLE_PERMISSIONS[role]);
  const refused = (control: Control) =>
    control.requirement === "undeclared" ||
    (isPermission(control.requirement as Permission) && !granted.has(control.requirement));
  const seen: Control[] = [];
  for (const stop of stops) {
    const { path, open } = typeof stop === "string" ? { path: stop, open: null } : stop;
    // The server renders the gated controls; the ticket drawer loads its own after hydration.
    await page.goto(path);
    if (path.includes("?ticket=")) await expect(page.getByRole("heading", { name: "Agent runs" })).toBeVisible();
    if (path.startsWith("/runs/")) await expect(page.getByTestId("run-status")).toBeVisible();
    if (open) {
      const opener = page.getByRole("button", { name: open, exact: true });
      if ((await opener.count()) === 0) continue;
      // Before hydration a click does nothing; click until a dialog opens (or the button turns into Close).
      const dialogs = page.getByRole("dialog");
      const before = await dialogs.count();
      const opened = async () => (await dialogs.count()) > before || (await opener.count()) === 0;
      await expect(async () => {
        if (!(await opened())) await opener.click();
        expect(await opened()).toBe(true);
      }).toPass();
    }
    seen.push(...(await markedControls(page, open ? `${path} (${open})` : path)));
  }
  // A refused control may be shown only disabled, with the server's refusal as its reason.
  const offered = seen.filter((control) => refused(control) && (control.enabled || !control.reason.startsWith("Not allowed")));
  return { seen, offered };
}

/** Octocat invites `login` with `role`; they sign in in a context of their own and accept, landing in his workspace. */
async function signInInvited(admin: Page, browser: Browser, member: { role: RoleKey; login: string }) {
  await admin.goto("/settings/members");
  const listed = admin.getByRole("listitem").filter({ hasText: `@${member.login}` });
  if ((await listed.count()) === 0) {
    await admin.getByLabel("GitHub login").fill(member.login);
    await admin.getByLabel("Role", { exact: true }).selectOption(member.role);
    await admin.getByRole("button", { name: "Invite" }).click();
  }
  await expect(listed.first()).toBeVisible();

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with GitHub" }).click();
  await page.getByRole("button", { name: `Authorize as ${member.login}` }).click();
  const accept = page.getByRole("button", { name: /^Accept the invitation to .*Octocat/ }).first();
  const inOctocat = page.getByTestId("tenant-name").filter({ hasText: "Octocat" });
  const switchToOctocat = page.getByRole("button", { name: /^Switch to .*Octocat/, includeHidden: true });
  await expect(accept.or(inOctocat).or(switchToOctocat)).toBeAttached();
  if (await accept.isVisible()) await accept.click();
  else if (!(await inOctocat.isVisible())) {
    await page.getByLabel(`User menu for ${member.login}`).click();
    await switchToOctocat.click();
  }
  await expect(page.getByTestId("tenant-name")).toContainText("Octocat");
  return { page, context };
}

test("no role is offered a control whose action the server would refuse it, on any page", async ({ page, browser }) => {
  test.setTimeout(420_000);
  // Every signed-in page (e2e/app-pages.ts) and the editor dialogs on them; a dialog the member is not offered is skipped.
  const paths = signedInStops(await prepareEveryPage(page, "AC"));

  const asAdmin = await walk(page, "admin", paths);
  expect(asAdmin.offered).toEqual([]);
  // The walk sees the controls at all: the admin is offered those of every area.
  const adminMarkers = new Set(asAdmin.seen.map((control) => control.marker));
  for (const marker of [
    "tickets.create",
    "projects.updateColumns",
    "agentRuns.create",
    "connectors.revoke",
    "k8sClusters.register",
    "instructions.setDefault",
    "members.invite",
    "apiKeys.create",
    "integrations:manage",
    "projects:manage",
  ])
    expect(adminMarkers.has(marker), `the admin sees ${marker}`).toBe(true);

  for (const member of MEMBERS) {
    const { page: memberPage, context } = await signInInvited(page, browser, member);
    const { seen, offered } = await walk(memberPage, member.role, paths);
    expect(offered, `offered to a ${member.role}`).toEqual([]);
    expect(seen.length, `a ${member.role} sees the marked controls it may use`).toBeGreaterThan(0);
    await context.close();
  }
});

test("a viewer cannot pick up a card, by pointer or by key, and no move is sent", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page);
  const key = uniqueKey("VD");
  await createProject(page, "Viewer drag", key);
  await addBacklogTicket(page, "Stays where it is");
  const { viewer, context } = await signInInvitedViewer(page, browser);
  const moves: string[] = [];
  viewer.on("request", (request) => {
    if (request.url().includes("tickets.move")) moves.push(request.url());
  });
  await viewer.goto(`/projects/${key}`);
  await expect(viewer.getByText("● Live")).toBeVisible();

  await dragTo(viewer, card(viewer, `${key}-1`), column(viewer, "In progress"));
  await card(viewer, `${key}-1`).focus();
  await viewer.keyboard.press("Space");
  await viewer.keyboard.press("ArrowRight");
  await viewer.keyboard.press("Space");

  await expect(column(viewer, "Backlog").getByText("Stays where it is")).toBeVisible();
  expect(await titlesIn(viewer, "In progress")).toEqual([]);
  expect(moves).toEqual([]);
  await expect(card(viewer, `${key}-1`)).toHaveAttribute("aria-roledescription", "Ticket");
  await viewer.reload();
  await expect(column(viewer, "Backlog").getByText("Stays where it is")).toBeVisible();
  await context.close();
});
