import { createGitHubClient } from "../github/client";
import { GitHub, OAuth2Client, type OAuth2Tokens } from "arctic";
import { Authenticator } from "remix-auth";
import { GitHubStrategy } from "remix-auth-github";
import type { Env } from "../env.server";
import { signInWithGitHub, type GitHubProfile } from "../services/auth/sign-in-with-github";

/**
 * arctic's GitHub client has github.com's endpoints built in; this one takes the
 * host from configuration, so GitHub Enterprise and the local fake work too.
 */
export class ConfigurableGitHub extends GitHub {
  private readonly oauth: OAuth2Client;

  constructor(
    clientId: string,
    clientSecret: string,
    redirectURI: string,
    private readonly githubUrl: string,
  ) {
    super(clientId, clientSecret, redirectURI);
    this.oauth = new OAuth2Client(clientId, clientSecret, redirectURI);
  }

  override createAuthorizationURL(state: string, scopes: string[]): URL {
    return this.oauth.createAuthorizationURL(`${this.githubUrl}/login/oauth/authorize`, state, scopes);
  }

  override validateAuthorizationCode(code: string): Promise<OAuth2Tokens> {
    return this.oauth.validateAuthorizationCode(`${this.githubUrl}/login/oauth/access_token`, code, null);
  }
}

class ConfigurableGitHubStrategy<User> extends GitHubStrategy<User> {
  constructor(
    options: GitHubStrategy.ConstructorOptions & { githubUrl: string },
    verify: ConstructorParameters<typeof GitHubStrategy<User>>[1],
  ) {
    super(options, verify);
    this.client = new ConfigurableGitHub(
      options.clientId,
      options.clientSecret,
      options.redirectURI.toString(),
      options.githubUrl.replace(/\/$/, ""),
    );
  }
}

export type SignedIn = { userId: number; tenantId: number };

/** Reads the profile and primary email behind an access token. */
export async function fetchGitHubProfile(apiUrl: string, accessToken: string): Promise<GitHubProfile> {
  const octokit = createGitHubClient(apiUrl, accessToken);
  const { data: user } = await octokit.rest.users.getAuthenticated();
  let email = user.email ?? null;
  if (!email) {
    // Every page: GitHub does not promise the primary email is on the first.
    const emails = await octokit.paginate(octokit.rest.users.listEmailsForAuthenticatedUser, { per_page: 100 }).catch(() => []);
    email = emails.find((entry) => entry.primary && entry.verified)?.email ?? null;
  }
  return { id: user.id, login: user.login, name: user.name ?? null, email, avatarUrl: user.avatar_url ?? null };
}

let cached: { key: string; authenticator: Authenticator<SignedIn> } | undefined;

/** The remix-auth authenticator, or null when no GitHub OAuth app is configured. */
export function getAuthenticator(env: Env): Authenticator<SignedIn> | null {
  if (!env.GITHUB_CLIENT_ID || !env.GITHUB_CLIENT_SECRET) return null;
  const key = [env.GITHUB_CLIENT_ID, env.GITHUB_URL, env.GITHUB_API_URL, env.APP_URL].join("|");
  if (cached?.key === key) return cached.authenticator;
  const authenticator = new Authenticator<SignedIn>();
  authenticator.use(
    new ConfigurableGitHubStrategy<SignedIn>(
      {
        clientId: env.GITHUB_CLIENT_ID,
        clientSecret: env.GITHUB_CLIENT_SECRET,
        redirectURI: `${env.APP_URL}/auth/github/callback`,
        scopes: ["read:user", "user:email"],
        githubUrl: env.GITHUB_URL,
        cookie: { name: "al_oauth", sameSite: "Lax", path: "/auth", ...(env.secureCookies ? { secure: true as const } : {}) },
      },
      async ({ tokens }) => {
        const profile = await fetchGitHubProfile(env.GITHUB_API_URL, tokens.accessToken());
        const { userId, tenantId } = await signInWithGitHub(profile);
        return { userId, tenantId };
      },
    ),
    "github",
  );
  cached = { key, authenticator };
  return authenticator;
}
