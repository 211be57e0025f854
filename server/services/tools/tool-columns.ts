import { toolDefinitions } from "../../../db/schema";

export const toolColumns = {
  id: toolDefinitions.id,
  name: toolDefinitions.name,
  description: toolDefinitions.description,
  inputSchema: toolDefinitions.inputSchema,
  endpointUrl: toolDefinitions.endpointUrl,
  httpMethod: toolDefinitions.httpMethod,
  enabled: toolDefinitions.enabled,
  createdAt: toolDefinitions.createdAt,
};
