import { expect, test, type APIRequestContext } from "@playwright/test";
import { connectGitHub, importHelloLime, login } from "./fixtures";
import { KUBE_ADMIN_URL } from "./playwright.config";

/** A tRPC call with the page's session, as the app's client makes it. */
async function trpc<T>(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation" = "query") {
  const response =
    kind === "query"
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { "content-type": "application/json" } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

test("the previews list follows previews requested and destroyed elsewhere, without a reload", async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);

  // A ready cluster (the fake Kubernetes API) and hello-lime to deploy on it.
  const kubeconfig = await (await page.request.get(`${KUBE_ADMIN_URL}/kubeconfig`)).text();
  await page.goto("/clusters");
  const name = `live-${Math.random().toString(36).slice(2, 6)}`;
  await page.getByLabel("Cluster name").fill(name);
  await page.getByLabel("Kubeconfig").fill(kubeconfig);
  await page.getByRole("button", { name: "Register cluster" }).click();
  await expect(page.getByTestId("cluster").filter({ hasText: name }).getByTestId("cluster-status")).toHaveText("ready", {
    timeout: 20_000,
  });
  await connectGitHub(page);
  await importHelloLime(page);
  const clusters = await trpc<Array<{ id: number; name: string }>>(page.request, "k8sClusters.list", undefined);
  const repositories = await trpc<Array<{ id: number; fullName: string }>>(page.request, "repositories.list", undefined);

  // The page is open before the preview exists; nothing reloads it from here on.
  await page.goto("/domains");
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const previews = page.getByRole("region", { name: "Previews" });

  const preview = await trpc<{ id: number; host: string }>(
    page.request,
    "previews.deploy",
    {
      clusterId: clusters.find((cluster) => cluster.name === name)!.id,
      repositoryId: repositories.find((repository) => repository.fullName === "octocat/hello-lime")!.id,
      // A branch of its own, so a preview another spec left on main is not this one.
      branch: name,
    },
    "mutation",
  );
  const item = previews.getByRole("listitem").filter({ hasText: preview.host });
  await expect(item).toBeVisible({ timeout: 10_000 });
  // Its state follows the deployment: pending, then ready once the cluster has it.
  await expect(item).toContainText("ready", { timeout: 20_000 });

  // Destroyed through the API: it leaves the list.
  await trpc(page.request, "previews.destroy", { previewId: preview.id }, "mutation");
  await expect(item).toHaveCount(0, { timeout: 20_000 });
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
});
