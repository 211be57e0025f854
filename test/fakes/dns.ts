import dgram from "node:dgram";
import net from "node:net";

const TYPE_A = 1;
const TYPE_AAAA = 28;
const TYPE_TXT = 16;
const CLASS_IN = 1;
const RCODE_NXDOMAIN = 3;
const RCODE_NOTIMP = 4;

/**
 * An authoritative DNS server on a local UDP port that answers TXT, A and AAAA
 * questions from records a test sets, in the wire format of RFC 1035: NXDOMAIN for a
 * name it holds nothing for, an empty answer (NODATA) for another type, one
 * answer per record, each record split into character-strings of at most 255
 * bytes. The real `node:dns` resolver asks it through `setServers`. `port` is
 * a UDP port (any free one when not given).
 */
export async function startFakeDns(options: { port?: number } = {}) {
  /** Each name's records: the RDATA of each, by type. */
  const records = new Map<string, Map<number, Buffer[]>>();
  const set = (name: string, type: number, data: Buffer[]) => {
    const key = name.toLowerCase();
    const byType = records.get(key) ?? new Map<number, Buffer[]>();
    byType.set(type, data);
    records.set(key, byType);
  };
  const questions: string[] = [];
  const socket = dgram.createSocket("udp4");

  socket.on("message", (query, peer) => {
    const response = answer(query, records, questions);
    if (response) socket.send(response, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = socket.address();

  return {
    /** What `DNS_SERVERS` is set to. */
    server: `127.0.0.1:${port}`,
    /** Replaces the TXT records of a name (case-insensitive, as DNS names are). */
    setTxt(name: string, values: string[]) {
      set(name, TYPE_TXT, values.map(txtData));
    },
    /** Replaces the A and AAAA records of a name with these addresses (IPv4 and IPv6 literals). */
    setAddresses(name: string, addresses: string[]) {
      set(name, TYPE_A, addresses.filter((address) => net.isIPv4(address)).map(ipv4Data));
      set(name, TYPE_AAAA, addresses.filter((address) => net.isIPv6(address)).map(ipv6Data));
    },
    clear(name: string) {
      records.delete(name.toLowerCase());
    },
    /** The names asked for, in order. */
    questions,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

export type FakeDns = Awaited<ReturnType<typeof startFakeDns>>;

/** The response to one query, or undefined for a packet too short to be one. */
function answer(query: Buffer, records: Map<string, Map<number, Buffer[]>>, questions: string[]) {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
  const question = readName(query, 12);
  if (!question) return undefined;
  const questionEnd = question.end + 4;
  if (questionEnd > query.length) return undefined;
  const type = query.readUInt16BE(question.end);
  const qclass = query.readUInt16BE(question.end + 2);
  const name = question.name.toLowerCase();
  questions.push(name);

  const opcode = (query[2]! >> 3) & 0x0f;
  const values = records.get(name);
  const rcode = opcode !== 0 ? RCODE_NOTIMP : values ? 0 : RCODE_NXDOMAIN;
  const answers = rcode === 0 && qclass === CLASS_IN ? (values!.get(type) ?? []) : [];

  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0); // the query's id
  // QR=1, the query's opcode and RD, AA=1; RA=1; rcode.
  header[2] = 0x80 | (opcode << 3) | 0x04 | (query[2]! & 0x01);
  header[3] = 0x80 | rcode;
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  // The question goes back byte for byte, so a resolver that randomises the case of names (0x20) matches it.
  return Buffer.concat([header, query.subarray(12, questionEnd), ...answers.map((data) => record(type, data))]);
}

function txtData(value: string) {
  const bytes = Buffer.from(value, "utf8");
  const strings: Buffer[] = [];
  for (let start = 0; start < bytes.length || strings.length === 0; start += 255) {
    const chunk = bytes.subarray(start, start + 255);
    strings.push(Buffer.concat([Buffer.from([chunk.length]), chunk]));
  }
  return Buffer.concat(strings);
}

function ipv4Data(address: string) {
  return Buffer.from(address.split(".").map(Number));
}

function ipv6Data(address: string) {
  if (address.includes(".")) throw new Error(`fake DNS: write ${address} in hex groups only`);
  const [head = "", tail = ""] = address.split("::");
  const groups = (part: string) => (part ? part.split(":") : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = address.includes("::") ? [...groups(head), ...Array<string>(missing).fill("0"), ...groups(tail)] : groups(head);
  const data = Buffer.alloc(16);
  all.forEach((group, index) => data.writeUInt16BE(parseInt(group, 16), index * 2));
  return data;
}

function record(type: number, data: Buffer) {
  const fixed = Buffer.alloc(12);
  fixed.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
  fixed.writeUInt16BE(type, 2);
  fixed.writeUInt16BE(CLASS_IN, 4);
  fixed.writeUInt32BE(60, 6);
  fixed.writeUInt16BE(data.length, 10);
  return Buffer.concat([fixed, data]);
}

/** A question's name (labels, no compression — queries carry none) and where it ends. */
function readName(packet: Buffer, offset: number) {
  const labels: string[] = [];
  let at = offset;
  while (at < packet.length) {
    const length = packet[at]!;
    if (length === 0) return { name: labels.join("."), end: at + 1 };
    if (length > 63 || at + 1 + length > packet.length) return undefined;
    labels.push(packet.subarray(at + 1, at + 1 + length).toString("latin1"));
    at += 1 + length;
  }
  return undefined;
}
