import { describe, expect, it } from "vitest";
import { classifyAddress, embeddedIPv4, ipv6Bytes, isBadPort } from "./address-policy.ts";

describe("address policy", () => {
  it("classifies addresses, including IPv4 inside IPv6", () => {
    const table = Object.fromEntries(
      [
        "8.8.8.8",
        "2606:4700::1111",
        "::ffff:8.8.8.8",
        "64:ff9b::8.8.8.8",
        "172.15.255.255",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.1.1",
        "100.127.255.255",
        "198.18.0.1",
        "240.0.0.1",
        "::ffff:7f00:1",
        "::ffff:10.1.2.3",
        "::",
        "fc00::1",
        "ff02::1",
        "fe80::1%eth0",
        "not-an-ip",
        "169.254.169.254",
        "::ffff:a9fe:a9fe",
      ].map((a) => [a, classifyAddress(a)]),
    );
    expect(table).toEqual({
      "8.8.8.8": "public",
      "2606:4700::1111": "public",
      "::ffff:8.8.8.8": "public",
      "64:ff9b::8.8.8.8": "public",
      "172.15.255.255": "public",
      "172.16.0.1": "private",
      "172.31.255.255": "private",
      "192.168.1.1": "private",
      "100.127.255.255": "private",
      "198.18.0.1": "private",
      "240.0.0.1": "private",
      "::ffff:7f00:1": "private",
      "::ffff:10.1.2.3": "private",
      "::": "private",
      "fc00::1": "private",
      "ff02::1": "private",
      "fe80::1%eth0": "private",
      "not-an-ip": "private",
      "169.254.169.254": "metadata",
      "::ffff:a9fe:a9fe": "metadata",
    });
  });

  it("finds the IPv4 address inside mapped, compatible, NAT64 and 6to4 IPv6 addresses", () => {
    expect(
      [
        "::ffff:1.2.3.4",
        "::ffff:102:304",
        "::1.2.3.4",
        "64:ff9b::102:304",
        "2002:102:304::1",
        "2001:db8::1",
      ].map(embeddedIPv4),
    ).toEqual(["1.2.3.4", "1.2.3.4", "1.2.3.4", "1.2.3.4", "1.2.3.4", null]);
    expect(Array.from(ipv6Bytes("1:2:3:4:5:6:7.8.9.10")!)).toEqual([
      0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 7, 8, 9, 10,
    ]);
    expect([ipv6Bytes("1::2::3"), ipv6Bytes("1:2:3"), ipv6Bytes("1:2:3:4:5:6:7:8:9")]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it("refuses the Fetch standard's bad ports, not ordinary ones", () => {
    expect([0, 22, 25, 6667].map(isBadPort)).toEqual([true, true, true, true]);
    expect([80, 443, 8080, 8443, 3000].map(isBadPort)).toEqual([false, false, false, false, false]);
  });
});
