import type { TxClient } from "../client.ts";
import type { Role } from "../../core/roles.ts";

export type GrantSubjectKind = "user" | "group";

export interface RoleGrantRow {
  subject: GrantSubjectKind;
  subjectId: string;
  role: Role;
}

export class RoleGrantRepository {
  constructor(private readonly db: TxClient) {}

  async rolesFor(territoryId: string, userId: string, groupIds: readonly string[]): Promise<Role[]> {
    const rows = await this.db.roleGrant.findMany({
      where: {
        territoryId,
        OR: [
          { subject: "user", subjectId: userId },
          ...(groupIds.length > 0 ? [{ subject: "group" as const, subjectId: { in: [...groupIds] } }] : []),
        ],
      },
      select: { role: true },
    });
    return rows.map((r) => r.role);
  }

  /** Returns false when the grant already existed. */
  async grant(territoryId: string, subject: GrantSubjectKind, subjectId: string, role: Role): Promise<boolean> {
    const existing = await this.db.roleGrant.findUnique({
      where: { territoryId_subject_subjectId_role: { territoryId, subject, subjectId, role } },
    });
    if (existing) return false;
    await this.db.roleGrant.create({ data: { territoryId, subject, subjectId, role } });
    return true;
  }

  /** Returns false when there was nothing to revoke. */
  async revoke(territoryId: string, subject: GrantSubjectKind, subjectId: string, role: Role): Promise<boolean> {
    const { count } = await this.db.roleGrant.deleteMany({ where: { territoryId, subject, subjectId, role } });
    return count > 0;
  }

  countRole(territoryId: string, role: Role): Promise<number> {
    return this.db.roleGrant.count({ where: { territoryId, role } });
  }

  list(territoryId: string): Promise<RoleGrantRow[]> {
    return this.db.roleGrant.findMany({
      where: { territoryId },
      orderBy: [{ subject: "asc" }, { subjectId: "asc" }, { role: "asc" }],
      select: { subject: true, subjectId: true, role: true },
    });
  }
}
