export const workspaceTopic = (tenantId: number) => `workspace:${tenantId}`;
