import { deleteExpiredSessions } from "../server/services/sessions/delete-expired-sessions";
import { defineWorker } from "./define-job";
import { sessionCleanupJob } from "./session-cleanup";

export const sessionCleanupWorker = defineWorker(sessionCleanupJob, {
  handle: async () => ({ deleted: await deleteExpiredSessions() }),
});
