import { appRouter } from "../routers/app-router";
import { createCallerFactory } from "./procedures";

/** Calls procedures in-process with a given context (tests, scripts). */
export const createCaller = createCallerFactory(appRouter);
