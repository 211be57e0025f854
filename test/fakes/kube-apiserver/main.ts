import { mkdtemp, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startFakeKubeApiServer } from ".";

// Runs the fake Kubernetes API server on its own (demos, Playwright's web server):
//   node --import tsx test/fakes/kube-apiserver/main.ts [port]
// It writes a kubeconfig for itself to a temporary directory and prints its path;
// FAKE_KUBE_TOKEN fixes the bearer token (random otherwise); FAKE_KUBE_ANONYMOUS=1 also lets
// token-less requests in, which kubectl needs (it sends no credentials to a plain-http server).
const port = Number(process.argv[2] ?? 0);
const fake = await startFakeKubeApiServer({
  port,
  token: process.env.FAKE_KUBE_TOKEN || undefined,
  allowAnonymous: process.env.FAKE_KUBE_ANONYMOUS === "1",
});
const directory = await mkdtemp(path.join(os.tmpdir(), "fake-kube-"));
const kubeconfigPath = path.join(directory, "kubeconfig.yaml");
await writeFile(kubeconfigPath, fake.kubeconfig(), { mode: 0o600 });

// A second port for tests in another process (Playwright) to play the kubelet:
//   POST /jobs/<name>/<running|succeeded|failed>   GET /kubeconfig   GET /healthz
const adminPort = Number(process.argv[3] ?? 0);
const admin = http.createServer((req, res) => {
  const match = /^\/jobs\/([a-z0-9-]+)\/(running|succeeded|failed)$/.exec(req.url ?? "");
  if (req.method === "POST" && match) {
    const job = fake.objects("jobs").find((candidate) => candidate.metadata.name === match[1]);
    if (!job) return void res.writeHead(404).end("no such job");
    fake.setJobStatus(job.metadata.namespace as string, match[1]!, match[2] as "running" | "succeeded" | "failed", {
      message: "set by the test",
    });
    return void res.writeHead(204).end();
  }
  if (req.url === "/kubeconfig") return void res.writeHead(200, { "content-type": "text/yaml" }).end(fake.kubeconfig());
  if (req.url === "/healthz") return void res.writeHead(200).end("ok");
  res.writeHead(404).end();
});
if (adminPort) await new Promise<void>((resolve) => admin.listen(adminPort, "127.0.0.1", resolve));

console.log(`fake kube-apiserver listening on ${fake.url}`);
console.log(`export KUBECONFIG=${kubeconfigPath}`);

async function stop() {
  admin.close();
  await fake.close();
  await rm(directory, { recursive: true, force: true });
  process.exit(0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
