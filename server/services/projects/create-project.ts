import { db } from "../../../db/client";
import { boards, projects } from "../../../db/schema";
import { AppError } from "../../errors";
import { DEFAULT_BOARD_COLUMNS } from "./board-columns";

/** Creates a project and its board with the default columns. */
export async function createProject(options: {
  tenantId: number;
  userId: number;
  name: string;
  /** Upper-case key used in ticket keys (`LIME` → `LIME-1`); unique in the tenant. */
  key: string;
  description?: string | null;
}) {
  return db.transaction(async (tx) => {
    const [project] = await tx
      .insert(projects)
      .values({
        tenantId: options.tenantId,
        name: options.name,
        key: options.key,
        description: options.description ?? null,
        createdBy: options.userId,
      })
      .onConflictDoNothing()
      .returning();
    if (!project) throw new AppError("CONFLICT", `A project with the key ${options.key} already exists.`);
    const [board] = await tx
      .insert(boards)
      .values({
        tenantId: options.tenantId,
        projectId: project.id,
        name: `${project.name} board`,
        columnsJson: DEFAULT_BOARD_COLUMNS,
      })
      .returning();
    return { project, board: board! };
  });
}
