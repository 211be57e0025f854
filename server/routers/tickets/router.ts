import { router } from "../../trpc/procedures";
import { addCommentProcedure } from "./add-comment";
import { archiveTicketProcedure } from "./archive-ticket";
import { createTicketProcedure } from "./create-ticket";
import { deleteTicketProcedure } from "./delete-ticket";
import { getTicketProcedure } from "./get-ticket";
import { moveTicketProcedure } from "./move-ticket";
import { updateTicketProcedure } from "./update-ticket";

export const ticketsRouter = router({
  create: createTicketProcedure,
  get: getTicketProcedure,
  update: updateTicketProcedure,
  move: moveTicketProcedure,
  archive: archiveTicketProcedure,
  delete: deleteTicketProcedure,
  addComment: addCommentProcedure,
});
