import { describe, expect, it } from "vitest";
import { describePermissions } from "./access";
import { lowestRoleAllowing, PERMISSIONS, ROLES, roleAllows } from "./roles";

describe("describePermissions", () => {
  it("agrees with the role table for every role and permission, naming the role that would allow it", () => {
    for (const role of ROLES) {
      const denials = describePermissions({ kind: "person", role, scopes: null });
      for (const permission of PERMISSIONS) {
        if (roleAllows(role, permission)) expect(denials[permission], `${role} ${permission}`).toBeNull();
        else if (lowestRoleAllowing(permission)) expect(denials[permission], `${role} ${permission}`).toContain(`It needs the ${lowestRoleAllowing(permission)} role or higher.`);
        // A permission no team role has (the instance administrator's) keeps its own explanation.
        else expect(denials[permission], `${role} ${permission}`).not.toMatch(/role or higher/);
      }
    }
  });

  it("tells a viewer what it may not change", () => {
    const denials = describePermissions({ kind: "person", role: "viewer", scopes: null });
    expect(denials["customers:write"]).toBe("Your role (viewer) does not allow changing customers and licenses. It needs the developer role or higher.");
    expect(denials["registry:pull"]).toBeNull();
  });
});
