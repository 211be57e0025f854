import { startFakeGitHub } from "./github";

// Runs the fake GitHub on its own (Playwright's web server, demos): PORT picks the port.
const port = Number(process.argv[2] ?? 0);
const fake = await startFakeGitHub({ port });
console.log(`fake GitHub listening on ${fake.url}`);
