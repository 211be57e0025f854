import { DEMO_REPO_FILES } from "../demo-scripts";
import { startFakeGitHub } from ".";

// Runs the fake GitHub on its own (Playwright's web server, demos): PORT picks the port.
// It starts with octocat/hello-lime, the demo repository.
const port = Number(process.argv[2] ?? 0);
const fake = await startFakeGitHub({ port });
await fake.createRepo("octocat", "hello-lime", { files: DEMO_REPO_FILES });
console.log(`fake GitHub listening on ${fake.url}`);
