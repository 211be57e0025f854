import { expect, test } from "@playwright/test";
import { addBacklogTicket, connectGitHub, createProject, importHelloLime, login, uniqueKey } from "./fixtures";
import { KUBE_ADMIN_URL } from "./playwright.config";

test("registers a cluster and runs an agent on it as a Job whose status the run follows", async ({ page, request }) => {
  test.setTimeout(60_000);
  await login(page);

  // Register the (fake) cluster with its kubeconfig: it is provisioned and ready.
  const kubeconfig = await (await request.get(`${KUBE_ADMIN_URL}/kubeconfig`)).text();
  await page.goto("/clusters");
  const name = `kube-${Math.random().toString(36).slice(2, 6)}`;
  await page.getByLabel("Cluster name").fill(name);
  await page.getByLabel("Kubeconfig").fill(kubeconfig);
  await page.getByRole("button", { name: "Register cluster" }).click();
  const cluster = page.getByTestId("cluster").filter({ hasText: name });
  await expect(cluster.getByTestId("cluster-status")).toHaveText("ready");
  await expect(cluster).toContainText("1/1 nodes ready");

  // A repository for the run (the Job's init container clones it).
  await connectGitHub(page);
  await importHelloLime(page);
  const key = uniqueKey("K");
  await createProject(page, "On the cluster", key);
  await page.getByLabel("Primary repository").selectOption({ label: "octocat/hello-lime" });
  await expect(page.getByTestId("project-repo")).toContainText("octocat/hello-lime");
  await addBacklogTicket(page, "Run me as a Job");

  // Launch on the cluster: a Job appears, the run is running.
  await page.goto(`/projects/${key}?ticket=${key}-1`);
  await page.getByRole("button", { name: "Run agent" }).click();
  await page.getByLabel("Executor").selectOption({ label: `Kubernetes: ${name}` });
  await page.getByRole("button", { name: "Launch run" }).click();
  await expect(page).toHaveURL(/\/runs\/\d+$/);
  const runId = Number(new URL(page.url()).pathname.split("/").pop());
  await expect(page.getByTestId("transcript")).toContainText(`Created Job al-run-${runId} in namespace`);
  await expect(page.getByTestId("run-status")).toHaveText("running");

  // The Job fails (the kubelet's word): the run follows, with the reason.
  expect((await request.post(`${KUBE_ADMIN_URL}/jobs/al-run-${runId}/failed`)).status()).toBe(204);
  await expect(page.getByTestId("run-status")).toHaveText("failed", { timeout: 15_000 });
  await expect(page.getByTestId("event-error")).toContainText("The Job failed");
});
