import { describe, expect, it } from "vitest";
import { installationKey, installationTerritoryId } from "../../src/domain/slack-installation.ts";

describe("where a Slack installation applies", () => {
  it("keys a workspace install by its workspace, an org-wide install by its enterprise", () => {
    expect(installationKey({ teamId: "T1" })).toBe("team:T1");
    expect(installationKey({ teamId: "T1", enterpriseId: "E1", isEnterpriseInstall: false })).toBe("team:T1");
    expect(installationKey({ teamId: null, enterpriseId: "E1", isEnterpriseInstall: true })).toBe("enterprise:E1");
    expect(installationKey({ teamId: "T1", enterpriseId: "E1", isEnterpriseInstall: true })).toBe("enterprise:E1");
    expect(installationKey({})).toBeNull();
  });

  it("links the installation to the territory a request from it resolves to", () => {
    expect(installationTerritoryId({ teamId: "T1", enterpriseId: "E1" })).toBe("T1");
    expect(installationTerritoryId({ enterpriseId: "E1", isEnterpriseInstall: true })).toBe("E1");
    expect(installationTerritoryId({})).toBeNull();
  });
});
