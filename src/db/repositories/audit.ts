import type { TxClient } from "../client.ts";
import type { Prisma } from "../generated/sqlite/client.ts";

export interface AuditInput {
  territoryId: string;
  actorId: string | null;
  action: string;
  subjectType?: string;
  subjectRef?: string;
  outcome?: "ok" | "refused" | "failed";
  details?: Record<string, string | number | boolean | null>;
}

export class AuditRepository {
  constructor(private readonly db: TxClient) {}

  async record(event: AuditInput, at: Date): Promise<void> {
    await this.db.auditEvent.create({
      data: {
        territoryId: event.territoryId,
        actorId: event.actorId,
        action: event.action,
        subjectType: event.subjectType ?? null,
        subjectRef: event.subjectRef ?? null,
        outcome: event.outcome ?? "ok",
        details: (event.details ?? undefined) as Prisma.InputJsonValue | undefined,
        createdAt: at,
      },
    });
  }

  listForSubject(territoryId: string, subjectRef: string, limit: number) {
    return this.db.auditEvent.findMany({
      where: { territoryId, subjectRef },
      orderBy: { createdAt: "desc" },
      take: limit,
    });
  }

  listForAction(territoryId: string, action: string, limit: number) {
    return this.db.auditEvent.findMany({ where: { territoryId, action }, orderBy: { createdAt: "desc" }, take: limit });
  }
}
