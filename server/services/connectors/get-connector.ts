import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { connectors } from "../../../db/schema";
import { notFound } from "../../errors";
import { connectorColumns } from "./connector-columns";

export async function getConnector(options: { tenantId: number; connectorId: number }) {
  const [row] = await db
    .select(connectorColumns)
    .from(connectors)
    .where(and(eq(connectors.id, options.connectorId), eq(connectors.tenantId, options.tenantId)));
  if (!row) throw notFound("Connector");
  return row;
}
