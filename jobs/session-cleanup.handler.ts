import { deleteExpiredSessions } from "../server/services/sessions/delete-expired-sessions";

export async function handleSessionCleanup() {
  const deleted = await deleteExpiredSessions();
  return { deleted };
}
