import { expect, test, type APIRequestContext } from "@playwright/test";
import { startFakeDns, type FakeDns } from "../test/fakes/dns";
import { connectGitHub, importHelloLime, login } from "./fixtures";
import { DNS_PORT, KUBE_ADMIN_URL } from "./playwright.config";

// The app asks DNS_SERVERS (this spec's fake, on a UDP port) for the claim's TXT record.
let dns: FakeDns;

test.beforeAll(async () => {
  dns = await startFakeDns({ port: DNS_PORT });
});

test.afterAll(async () => {
  await dns?.close();
});

/** A tRPC call with the page's session, as the app's client makes it. */
async function trpc<T>(request: APIRequestContext, path: string, input: unknown, kind: "query" | "mutation" = "query") {
  const response =
    kind === "query"
      ? await request.get(`/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`)
      : await request.post(`/api/trpc/${path}`, { data: { json: input }, headers: { "content-type": "application/json" } });
  expect(response.status(), await response.text()).toBe(200);
  return ((await response.json()) as { result: { data: { json: T } } }).result.data.json;
}

test("claims a custom domain, shows its TXT record, refuses Verify until the record exists, then verifies it", async ({
  page,
}) => {
  test.setTimeout(120_000);
  await login(page);

  // A preview to point the domain at: a ready cluster and hello-lime's main branch deployed on it.
  const kubeconfig = await (await page.request.get(`${KUBE_ADMIN_URL}/kubeconfig`)).text();
  await page.goto("/clusters");
  const name = `dns-${Math.random().toString(36).slice(2, 6)}`;
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
  const preview = await trpc<{ id: number; host: string }>(
    page.request,
    "previews.deploy",
    {
      clusterId: clusters.find((cluster) => cluster.name === name)!.id,
      repositoryId: repositories.find((repository) => repository.fullName === "octocat/hello-lime")!.id,
      branch: "main",
    },
    "mutation",
  );

  // Claim a domain for it: pending, with the TXT record to create.
  const domain = `shop-${Math.random().toString(36).slice(2, 8)}.example.com`;
  await page.goto("/domains");
  await page.getByLabel("Domain", { exact: true }).fill(domain);
  await page.getByRole("combobox", { name: "Preview" }).selectOption({ label: preview.host });
  await page.getByRole("button", { name: "Add domain" }).click();
  const claim = page.getByRole("list", { name: "Custom domains" }).getByRole("listitem").filter({ hasText: domain });
  await expect(claim).toContainText("pending");
  const record = claim.getByRole("definition");
  const txt = page.getByLabel(`TXT record for ${domain}`);
  await expect(txt).toBeVisible();
  await expect(record.nth(0)).toHaveText("TXT");
  await expect(record.nth(1)).toHaveText(`_assembly-lime-challenge.${domain}`);
  const token = (await record.nth(2).innerText()).trim();
  expect(token.length).toBeGreaterThan(16);

  // Verify before the record exists: a clear refusal, still pending.
  const verify = claim.getByRole("button", { name: "Verify", exact: true });
  await verify.click();
  await expect(verify).toBeEnabled();
  await expect(claim.getByRole("status")).toContainText(`${domain} is not verified: create a TXT record`);
  await expect(claim.getByRole("status")).toContainText(`_assembly-lime-challenge.${domain}`);
  await expect(claim).toContainText("pending");
  expect(dns.questions).toContain(`_assembly-lime-challenge.${domain}`);

  // A wrong value is no proof either.
  dns.setTxt(`_assembly-lime-challenge.${domain}`, ["not-the-token"]);
  const asked = dns.questions.length;
  await verify.click();
  await expect(verify).toBeEnabled();
  expect(dns.questions.length).toBeGreaterThan(asked);
  await expect(claim.getByRole("status")).toContainText("is not verified");
  await expect(claim).toContainText("pending");

  // The record as shown: verified, the record and the button go away.
  dns.setTxt(`_assembly-lime-challenge.${domain}`, ["not-the-token", token]);
  await verify.click();
  await expect(claim).toContainText("verified");
  await expect(txt).toHaveCount(0);
  await expect(verify).toHaveCount(0);
  await page.reload();
  await expect(
    page.getByRole("list", { name: "Custom domains" }).getByRole("listitem").filter({ hasText: domain }),
  ).toContainText("verified");
});
