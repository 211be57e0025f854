import { and, eq } from "drizzle-orm";
import { db } from "../../../db/client";
import { connectors } from "../../../db/schema";
import { notFound } from "../../errors";
import { connectorColumns } from "./connector-columns";

/** Revokes a connector: its token is destroyed; repositories stay for history, runs on them stop working. */
export async function revokeConnector(options: { tenantId: number; connectorId: number }) {
  const [row] = await db
    .update(connectors)
    .set({ status: "revoked", revokedAt: new Date(), tokenCiphertext: "revoked", updatedAt: new Date() })
    .where(and(eq(connectors.id, options.connectorId), eq(connectors.tenantId, options.tenantId)))
    .returning(connectorColumns);
  if (!row) throw notFound("Connector");
  return row;
}
