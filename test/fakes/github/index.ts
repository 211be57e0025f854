export { DEFAULT_FAKE_USERS } from "./accounts";
export { startFakeGitHub } from "./server";
export type * from "./types";
