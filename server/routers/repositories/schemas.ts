import { z } from "zod";

/** A repository as the app shows it; its clone URL stays on the server. */
export const ZRepository = z.object({
  id: z.number(),
  connectorId: z.number(),
  owner: z.string(),
  name: z.string(),
  fullName: z.string(),
  defaultBranch: z.string(),
  isPrivate: z.boolean(),
  createdAt: z.date(),
});

/** A repository with where its config scan stands (null: imported before scans kept their state). */
export const ZRepositoryWithScan = ZRepository.extend({
  configScanStatus: z.enum(["queued", "scanning", "done", "failed"]).nullable(),
  configScanError: z.string().nullable(),
  configScannedAt: z.date().nullable(),
});
