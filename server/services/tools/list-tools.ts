import { toolsAndAllowlists } from "./tools-and-allowlists";

export async function listTools(options: { tenantId: number }) {
  const { tools, allowlists } = await toolsAndAllowlists(options.tenantId);
  // The sealed headers never leave the server.
  return { tools: tools.map(({ headersCiphertext: _sealed, headersKeyId: _keyId, ...tool }) => tool), allowlists };
}
