import { z } from "zod";
import { defineTool } from "./tool";

export const finish = defineTool({
  name: "finish",
  description: "End the run. summary: what you did and why (markdown); for plan/review runs, the full plan or review.",
  input: z.object({ summary: z.string().min(1) }),
  writes: false,
  async run(input) {
    return { content: "Finished.", finished: { summary: input.summary } };
  },
});
