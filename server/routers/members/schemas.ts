import { z } from "zod";
import { ROLE_KEYS } from "../../auth/roles";

export const ZRole = z.enum(ROLE_KEYS);

export const ZMember = z.object({
  role: ZRole,
  id: z.number(),
  login: z.string(),
  name: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  since: z.date(),
});

/** A new invitation and the link to send; its token is in the link only. */
export const ZSentInvitation = z.object({
  id: z.number(),
  login: z.string(),
  role: ZRole,
  status: z.literal("pending"),
  expiresAt: z.date(),
  link: z.string(),
  /** Whether GitHub was asked that the login exists (false: the workspace has no connector to ask with). */
  checked: z.boolean(),
});

export const ZPendingInvitation = z.object({
  role: ZRole,
  id: z.number(),
  login: z.string(),
  invitedBy: z.string().nullable(),
  expiresAt: z.date(),
  createdAt: z.date(),
});

export const ZRevokedInvitation = z.object({ id: z.number(), status: z.enum(["pending", "accepted", "declined", "revoked"]) });

export const ZMemberRole = z.object({ userId: z.number(), role: ZRole });

export const ZRemovedMember = z.object({ userId: z.number() });
