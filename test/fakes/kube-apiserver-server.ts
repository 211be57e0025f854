import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { startFakeKubeApiServer } from "./kube-apiserver";

// Runs the fake Kubernetes API server on its own (demos, Playwright's web server):
//   node --import tsx test/fakes/kube-apiserver-server.ts [port]
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

console.log(`fake kube-apiserver listening on ${fake.url}`);
console.log(`export KUBECONFIG=${kubeconfigPath}`);

async function stop() {
  await fake.close();
  await rm(directory, { recursive: true, force: true });
  process.exit(0);
}
process.once("SIGINT", () => void stop());
process.once("SIGTERM", () => void stop());
