import { db } from "../../../db/client";
import { repositoryAliases } from "../../../db/schema";
import { AppError } from "../../errors";
import { getRepository } from "./get-repository";

export async function addRepositoryAlias(options: { tenantId: number; repositoryId: number; alias: string }) {
  await getRepository(options);
  const [row] = await db.insert(repositoryAliases).values(options).onConflictDoNothing().returning();
  if (!row) throw new AppError("CONFLICT", `The alias "${options.alias}" is already in use.`);
  return row;
}
