import { MODELS } from "../../models/catalog";
import { providerConfigured } from "../../models/providers";
import { getEnv } from "../../env.server";

/** What the pickers offer: providers, whether this server can call them, and the known models. */
export function providerOptions() {
  const env = getEnv();
  return (["claude", "codex"] as const).map((provider) => ({
    id: provider,
    label: provider === "claude" ? "Claude" : "Codex",
    configured: providerConfigured(env, provider),
    models: MODELS.filter((model) => model.provider === provider).map(({ id, label }) => ({ id, label })),
  }));
}
