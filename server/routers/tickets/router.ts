import { router } from "../../trpc/procedures";
import {
  addCommentProcedure,
  archiveTicketProcedure,
  createTicketProcedure,
  deleteTicketProcedure,
  getTicketProcedure,
  moveTicketProcedure,
  updateTicketProcedure,
} from "./procedures";

export const ticketsRouter = router({
  create: createTicketProcedure,
  get: getTicketProcedure,
  update: updateTicketProcedure,
  move: moveTicketProcedure,
  archive: archiveTicketProcedure,
  delete: deleteTicketProcedure,
  addComment: addCommentProcedure,
});
