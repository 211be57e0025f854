import { repositories } from "../../../db/schema";

export const repositoryColumns = {
  id: repositories.id,
  connectorId: repositories.connectorId,
  owner: repositories.owner,
  name: repositories.name,
  fullName: repositories.fullName,
  defaultBranch: repositories.defaultBranch,
  isPrivate: repositories.isPrivate,
  createdAt: repositories.createdAt,
};
