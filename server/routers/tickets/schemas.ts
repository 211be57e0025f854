import { z } from "zod";
import { ZPriority, ZUserRef } from "../schemas";

/** A card's latest top-level run: its status, pull request and cost. */
export const ZCardRun = z.object({
  id: z.number(),
  status: z.string(),
  prNumber: z.number().nullable(),
  prUrl: z.string().nullable(),
  costMicroUsd: z.number(),
});

/** What a board card shows. */
export const ZBoardCard = z.object({
  id: z.number(),
  number: z.number(),
  key: z.string(),
  title: z.string(),
  columnKey: z.string(),
  rank: z.string(),
  priority: ZPriority,
  labels: z.array(z.string()),
  ciStatus: z.string().nullable(),
  assignee: ZUserRef.nullable(),
  latestRun: ZCardRun.nullable(),
});

/** A card plus what live updates and mutations need to place it. */
export const ZTicketCard = ZBoardCard.extend({
  boardId: z.number(),
  projectId: z.number(),
  archivedAt: z.date().nullable(),
  updatedAt: z.date(),
});
