import { buildProject, buildTenant } from "../../db/seed";
import { listRunEvents } from "../../server/services/agent-runs/list-run-events";
import { startAgentRuntime } from "./agent-runtime";
import { callerFor } from "./caller";

/**
 * GitHub end to end on real parts: a tenant on an agent runtime (workspaces
 * kept for inspection) with a personal access token for octocat on the fake
 * GitHub, and projects made from real repositories imported through one
 * connector.
 */
export async function startGitHubPipeline() {
  const runtime = await startAgentRuntime({ KEEP_WORKSPACES: "true" });
  const { tenant, admin } = await buildTenant({ name: "Pipeline" });
  const tenantId = tenant.id;
  const userId = admin.id;
  const caller = await callerFor({ userId, tenantId });
  const token = runtime.github.issuePersonalToken("octocat", ["repo", "admin:repo_hook"]);
  let mainConnector: Awaited<ReturnType<typeof caller.connectors.create>> | undefined;

  const eventsOf = (runId: number) => listRunEvents({ tenantId, runId, afterSeq: null, limit: 10_000 });

  async function setUpProject(name: string, key: string) {
    const repo = await runtime.github.createRepo("octocat", name, {
      files: {
        "README.md": `# ${name}\n`,
        "package.json": '{ "name": "x", "scripts": { "test": "node --test" } }\n',
        "src/app.js": "export const version = 1;\n",
        "AGENTS.md": `Repository rule for ${name}: run npm test.\n`,
      },
    });
    mainConnector ??= await caller.connectors.create({ kind: "pat", token, name: "Main" });
    const connector = mainConnector;
    const [imported] = await caller.connectors.import({ connectorId: connector.id, fullNames: [repo.fullName] });
    const { project } = await buildProject({ tenantId, userId, name, key });
    await caller.projectRepositories.add({ projectId: project.id, repositoryId: imported!.id, role: "primary" });
    return { repo, repository: imported!, project, connector };
  }

  async function setupHook(repositoryId: number) {
    return caller.repositories.setupWebhook({ repositoryId });
  }

  return { runtime, tenantId, userId, caller, token, eventsOf, setUpProject, setupHook };
}

export type GitHubPipeline = Awaited<ReturnType<typeof startGitHubPipeline>>;
