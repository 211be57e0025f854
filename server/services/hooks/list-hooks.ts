import { desc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { hooks } from "../../../db/schema";
import { hookColumns } from "./hook-columns";

export async function listHooks(options: { tenantId: number }) {
  return db.select(hookColumns).from(hooks).where(eq(hooks.tenantId, options.tenantId)).orderBy(desc(hooks.id));
}
