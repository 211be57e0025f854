export { getAuthenticator } from "../server/auth/github-login";
export { getEnv } from "../server/env.server";
