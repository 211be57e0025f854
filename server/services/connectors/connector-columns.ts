import { connectors } from "../../../db/schema";

/** What the API shows of a connector: never the token. */
export const connectorColumns = {
  id: connectors.id,
  provider: connectors.provider,
  kind: connectors.kind,
  name: connectors.name,
  accountLogin: connectors.accountLogin,
  scopes: connectors.scopes,
  status: connectors.status,
  revokedAt: connectors.revokedAt,
  createdAt: connectors.createdAt,
};
