import { describe, expect, it } from "vitest";
import { mailKindLabel } from "./labels.ts";

describe("mailKindLabel", () => {
  it("names the known kinds", () => {
    expect(mailKindLabel("invitation")).toBe("Invitation");
    expect(mailKindLabel("password_reset")).toBe("Password reset");
    expect(mailKindLabel("notification.digest")).toBe("Daily digest");
  });
  it("turns a notification key into words instead of showing the raw key", () => {
    expect(mailKindLabel("notification.signoff.approved")).toBe("Sign-off approved");
    expect(mailKindLabel("notification.round.closed")).toBe("Round closed");
    expect(mailKindLabel("feedback.reply")).toBe("Feedback reply");
  });
  it("never returns an empty label", () => {
    expect(mailKindLabel("")).toBe("Mail");
    expect(mailKindLabel("notification.")).toBe("Mail");
  });
});
