import { startFakeAnthropic } from "./anthropic";
import { demoScripts } from "./demo-scripts";
import { startFakeOpenAI } from "./openai";

// Runs the fake Anthropic and OpenAI APIs with the demo scripts (Playwright's web server, the offline demo).
// Usage: model-server.ts <anthropic port> <openai port>
const anthropic = await startFakeAnthropic({ port: Number(process.argv[2] ?? 0), scripts: demoScripts() });
const openai = await startFakeOpenAI({ port: Number(process.argv[3] ?? 0), scripts: demoScripts() });
console.log(`fake Anthropic listening on ${anthropic.url}`);
console.log(`fake OpenAI listening on ${openai.url}`);
