export { getEnv } from "../server/env.server";
