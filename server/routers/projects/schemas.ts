import { z } from "zod";

export const ZBoardColumn = z.object({ key: z.string(), name: z.string(), wipLimit: z.number().nullish() });

/** Where run and pull request events move a board's tickets: a column key, "previous", or null. */
export const ZBoardAutomation = z.object({
  runStarted: z.string().nullable(),
  prOpened: z.string().nullable(),
  prMerged: z.string().nullable(),
  prClosed: z.string().nullable(),
});

export const ZProjectRow = z.object({
  id: z.number(),
  tenantId: z.number(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  nextTicketNumber: z.number(),
  createdBy: z.number().nullable(),
  archivedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const ZBoardRow = z.object({
  id: z.number(),
  tenantId: z.number(),
  projectId: z.number(),
  name: z.string(),
  columnsJson: z.array(ZBoardColumn),
  /** Null: the defaults. */
  automation: ZBoardAutomation.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** A project with its board. */
export const ZProjectWithBoard = z.object({ project: ZProjectRow, board: ZBoardRow });
