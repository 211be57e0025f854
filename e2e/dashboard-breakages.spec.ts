import { expect, test } from "@playwright/test";
import { card, column, createProject, login, uniqueKey } from "./fixtures";

test.describe.configure({ timeout: 90_000 });

test("our own CSP lets a page show a blob: image (the thumbnails of picked attachments)", async ({ page }) => {
  await login(page);
  const response = await page.goto("/command");
  const policy = response!.headers()["content-security-policy"] ?? "";
  expect(policy.split(";").find((directive) => directive.trim().startsWith("img-src"))).toContain("blob:");
  const loaded = await page.evaluate(async () => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 4;
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), "image/png"));
    const img = document.createElement("img");
    img.src = URL.createObjectURL(blob);
    document.body.append(img);
    return new Promise<boolean>((resolve) => {
      img.onload = () => resolve(true);
      img.onerror = () => resolve(false);
    });
  });
  expect(loaded).toBe(true);
});

test("a 200-character unbroken title stays inside its card and column", async ({ page }) => {
  await login(page);
  const key = uniqueKey("T");
  await createProject(page, "Long titles", key);
  await page.keyboard.press("c");
  const input = page.getByLabel("New ticket title in Backlog");
  await input.fill("x".repeat(200));
  await input.press("Enter");
  await expect(card(page, `${key}-1`)).toBeVisible();

  const backlog = (await column(page, "Backlog").boundingBox())!;
  const ticket = (await card(page, `${key}-1`).boundingBox())!;
  expect(ticket.x + ticket.width).toBeLessThanOrEqual(backlog.x + backlog.width);
  const title = card(page, `${key}-1`).locator("p");
  const overflows = await title.evaluate((element) => element.scrollWidth > element.clientWidth);
  expect(overflows).toBe(false);
  // The whole title is still there for whoever points at it.
  await expect(title).toHaveAttribute("title", "x".repeat(200));
});
