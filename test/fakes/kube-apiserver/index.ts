export { startFakeKubeApiServer } from "./server";
export type * from "./types";
