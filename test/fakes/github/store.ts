import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DEFAULT_FAKE_USERS } from "./accounts";
import type {
  FakeDelivery,
  FakeGitHubOptions,
  FakeGitHubRequest,
  FakeGitHubResponse,
  FakeGitHubUser,
  FakeRateLimit,
  FakeRepo,
  TokenRecord,
} from "./types";

/** Everything one fake GitHub knows; each resource's handlers read and change it. */
export type FakeGitHubStore = {
  clientId: string;
  clientSecret: string;
  users: FakeGitHubUser[];
  codes: Map<string, { login: string; redirectUri: string | null; scopes: string[] }>;
  tokens: Map<string, TokenRecord>;
  requests: FakeGitHubRequest[];
  responses: FakeGitHubResponse[];
  deliveries: FakeDelivery[];
  repos: Map<string, FakeRepo>;
  /** Where the bare repositories live. */
  root: string;
  /** Set once the server listens. */
  baseUrl: string;
  apiUrl: string;
  lastId: number;
  nextId: () => number;
  /** Refusals owed to the next REST requests, one entry per request. */
  rateLimits: FakeRateLimit[];
  /** Webhook deliveries run one after another, in the order their events happened. */
  queue: Promise<unknown>;
};

export async function createStore(options: FakeGitHubOptions): Promise<FakeGitHubStore> {
  const store: FakeGitHubStore = {
    clientId: options.clientId ?? "fake-client-id",
    clientSecret: options.clientSecret ?? "fake-client-secret",
    users: [...(options.users ?? DEFAULT_FAKE_USERS)],
    codes: new Map(),
    tokens: new Map(),
    requests: [],
    responses: [],
    deliveries: [],
    repos: new Map(),
    root: await mkdtemp(path.join(os.tmpdir(), "fake-github-")),
    baseUrl: "",
    apiUrl: "",
    lastId: 1000,
    nextId: () => ++store.lastId,
    rateLimits: [],
    queue: Promise.resolve(),
  };
  return store;
}
