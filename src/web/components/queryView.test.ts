import { describe, expect, it } from "vitest";
import { queryView } from "./queryView.ts";

const q = <T>(o: { isPending?: boolean; isError?: boolean; data?: T }) => ({
  isPending: o.isPending ?? false,
  isError: o.isError ?? false,
  data: o.data,
});

describe("queryView", () => {
  it("shows the placeholder while the first fetch runs", () => {
    expect(queryView(q({ isPending: true }))).toBe("loading");
    // A disabled query waiting for its input stays pending too.
    expect(queryView(q({ isPending: true }), () => true)).toBe("loading");
  });

  it("shows the error, even over data kept from an earlier fetch", () => {
    expect(queryView(q({ isError: true }))).toBe("error");
    expect(queryView(q({ isError: true, data: [1] }), (d) => d.length === 0)).toBe("error");
  });

  it("shows the empty state only when the test is given and holds", () => {
    expect(queryView(q({ data: [] as number[] }), (d) => d.length === 0)).toBe("empty");
    expect(queryView(q({ data: [] as number[] }))).toBe("ready");
    expect(queryView(q({ data: [1] }), (d) => d.length === 0)).toBe("ready");
  });

  it("treats falsy data (0, empty string, null) as loaded", () => {
    expect(queryView(q({ data: 0 }))).toBe("ready");
    expect(queryView(q({ data: null }))).toBe("ready");
  });
});
