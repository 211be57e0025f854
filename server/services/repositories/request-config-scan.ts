import { getBoss } from "../../../jobs/boss";
import { sendJob } from "../../../jobs/define-job";
import { repositoryScanJob } from "../../../jobs/repository-scan";
import { setConfigScanState } from "./config-scan-state";
import { getRepository } from "./get-repository";

/**
 * Queues a config scan of a repository of this tenant: its state reads `queued` and the job is
 * sent in the caller's transaction, so a page never shows a scan that was not queued.
 */
export async function requestConfigScan(options: { tenantId: number; repositoryId: number }) {
  await getRepository(options);
  await setConfigScanState({ ...options, status: "queued" });
  await sendJob(getBoss(), repositoryScanJob, { tenantId: options.tenantId, repositoryId: options.repositoryId });
}
