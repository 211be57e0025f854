import { desc, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { connectors } from "../../../db/schema";
import { connectorColumns } from "./connector-columns";

export async function listConnectors(options: { tenantId: number }) {
  return db
    .select(connectorColumns)
    .from(connectors)
    .where(eq(connectors.tenantId, options.tenantId))
    .orderBy(desc(connectors.id));
}
