import type { AgentProvider } from "../../../db/schema";
import { AppError } from "../../errors";
import { resolveModelPrice } from "./resolve-model-price";
import { unpricedModelMessage } from "./unpriced-model-message";

/** Refuses (400) a model priced neither by the workspace nor by the catalog: an unpriced run would switch budgets off. */
export async function requireModelPrice(options: { tenantId: number; provider: AgentProvider; model: string }) {
  const price = await resolveModelPrice(options);
  if (!price) throw new AppError("BAD_REQUEST", unpricedModelMessage(options.model));
  return price;
}
