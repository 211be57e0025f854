/** Who is acting, for services that write their own audit entry inside their transaction (the hot paths). */
export type AuditActor = { userId: number; apiKeyId: number | null; requestId: string };
