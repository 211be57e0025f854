export { listMembers } from "../server/services/members/members";
export { listInvitations } from "../server/services/invitations/list-invitations";
export { listApiKeys } from "../server/services/api-keys/api-keys";
export { listAudit } from "../server/services/audit/audit";
export { listEnvVarSets } from "../server/services/env-vars/env-vars";
export { listHooks } from "../server/services/hooks/hooks";
export { listTools } from "../server/services/tools/tools";
export { PERMISSIONS, PERMISSION_LABELS } from "../server/auth/permissions";
export { ROLE_KEYS, ROLE_NAMES } from "../server/auth/roles";
