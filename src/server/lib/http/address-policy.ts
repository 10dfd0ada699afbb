import { BlockList, isIP, isIPv4 } from "node:net";

/**
 * Which IP addresses Baton may connect to when it fetches a user-supplied URL (docs/SECURITY.md,
 * DECISIONS.md #23). Checked on resolved addresses, never on names.
 */
export type AddressClass = "public" | "private" | "metadata";

/** Cloud instance-metadata endpoints: refused even when private targets are allowed. */
const METADATA = new Set([
  "169.254.169.254", // AWS, GCP, Azure, OpenStack, DigitalOcean …
  "169.254.170.2", // AWS ECS task credentials
  "168.63.129.16", // Azure WireServer (a public-looking address only reachable inside Azure)
  "100.100.100.200", // Alibaba Cloud
  "fd00:ec2::254", // AWS over IPv6
]);

// Special-purpose ranges (IANA IPv4/IPv6 special-purpose registries) that are not the public internet.
const V4_RANGES: [string, number][] = [
  ["0.0.0.0", 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // 6to4 relay anycast
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, including 255.255.255.255 broadcast
];
const V6_RANGES: [string, number][] = [
  ["::", 96], // unspecified ::, loopback ::1 and the deprecated IPv4-compatible ::a.b.c.d
  ["100::", 64], // discard
  ["2001::", 23], // IETF protocol assignments (Teredo, ORCHID …)
  ["2001:db8::", 32], // documentation
  ["64:ff9b:1::", 48], // local-use NAT64: its v4 embedding is site-specific, so refuse the prefix
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // deprecated site-local
  ["ff00::", 8], // multicast
];

const blocked = new BlockList();
for (const [a, p] of V4_RANGES) blocked.addSubnet(a, p, "ipv4");
for (const [a, p] of V6_RANGES) blocked.addSubnet(a, p, "ipv6");

/** Classifies one IP address (v4 or v6, without brackets); anything unparseable counts as private. */
export function classifyAddress(address: string): AddressClass {
  const ip = address
    .replace(/^\[|\]$/g, "")
    .split("%")[0]!
    .toLowerCase();
  const version = isIP(ip);
  if (version === 0) return "private";
  if (METADATA.has(ip)) return "metadata";
  if (version === 4) return blocked.check(ip, "ipv4") ? "private" : "public";
  const embedded = embeddedIPv4(ip);
  if (embedded) {
    const inner = classifyAddress(embedded);
    if (inner !== "public") return inner;
  }
  return blocked.check(ip, "ipv6") ? "private" : "public";
}

const loopback = new BlockList();
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/** 127.0.0.0/8, ::1 and IPv4-mapped ::ffff:127.x.y.z. */
export function isLoopback(address: string): boolean {
  const ip = address
    .replace(/^\[|\]$/g, "")
    .split("%")[0]!
    .toLowerCase();
  const version = isIP(ip);
  if (version === 4) return loopback.check(ip, "ipv4");
  if (version !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  return mapped ? loopback.check(mapped[1]!, "ipv4") : loopback.check(ip, "ipv6");
}

/**
 * The IPv4 address carried inside an IPv6 one, for the forms that reach it: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), NAT64 well-known prefix (64:ff9b::/96) and 6to4 (2002:AABB:CCDD::/16).
 */
export function embeddedIPv4(ipv6: string): string | null {
  const b = ipv6Bytes(ipv6);
  if (!b) return null;
  const zero = (from: number, to: number) => b.subarray(from, to).every((x) => x === 0);
  const v4 = (at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return v4(12);
  if (zero(0, 12) && !zero(12, 16)) return v4(12);
  if (b[0] === 0 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return v4(12);
  if (b[0] === 0x20 && b[1] === 0x02) return v4(2);
  return null;
}

/** The 16 bytes of a textual IPv6 address (with "::" and a trailing dotted IPv4 allowed), or null. */
export function ipv6Bytes(ip: string): Uint8Array | null {
  let text = ip;
  const lastColon = text.lastIndexOf(":");
  const dotted = text.slice(lastColon + 1);
  if (isIPv4(dotted)) {
    // Rewrite a trailing dotted IPv4 as two hex groups: "::ffff:1.2.3.4" → "::ffff:102:304".
    const [a, b, c, d] = dotted.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === "" ? [] : s.split(":").map((h) => Number.parseInt(h, 16)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  const given = head.length + rest.length;
  if (given > 8 || (halves.length === 1 && given !== 8)) return null;
  const groups = [...head, ...new Array(8 - given).fill(0), ...rest];
  if (groups.some((g) => !Number.isInteger(g) || g < 0 || g > 0xffff)) return null;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/**
 * Ports refused in URLs: the Fetch standard's "bad ports" (mail, SSH, IRC … — the list browsers refuse,
 * https://fetch.spec.whatwg.org/#bad-port), plus 0. Any other port is allowed: feeds do live on 8080.
 */
const BAD_PORTS = new Set([
  0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

export const isBadPort = (port: number) => BAD_PORTS.has(port);
