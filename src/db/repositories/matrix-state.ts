import type { TxClient } from "../client.ts";

/** A card's choices as stored: JSON text, read back by the Matrix adapter. */
export interface MatrixChoicesRow {
  eventId: string;
  roomId: string;
  choices: string;
}

/** A guided form under way, values and questions still to ask as JSON text. */
export interface MatrixFormRow {
  roomId: string;
  threadRoot: string;
  userId: string;
  entryKey: string;
  values: string;
  pending: string;
  updatedAt: Date;
}

export type MatrixFormKey = Pick<MatrixFormRow, "roomId" | "threadRoot" | "userId">;

/** What the Matrix adapter keeps between two messages: cards' choices and forms under way. */
export class MatrixStateRepository {
  constructor(private readonly db: TxClient) {}

  async saveChoices(row: MatrixChoicesRow, at: Date): Promise<void> {
    await this.db.matrixCardChoices.upsert({
      where: { eventId: row.eventId },
      create: { ...row, createdAt: at },
      update: { roomId: row.roomId, choices: row.choices },
    });
  }

  findChoices(eventId: string): Promise<MatrixChoicesRow | null> {
    return this.db.matrixCardChoices.findUnique({ where: { eventId } });
  }

  async deleteChoices(eventId: string): Promise<void> {
    await this.db.matrixCardChoices.deleteMany({ where: { eventId } });
  }

  async deleteChoicesBefore(before: Date): Promise<void> {
    await this.db.matrixCardChoices.deleteMany({ where: { createdAt: { lt: before } } });
  }

  async saveForm(row: MatrixFormRow): Promise<void> {
    const { roomId, threadRoot, userId } = row;
    await this.db.matrixGuidedForm.upsert({
      where: { roomId_threadRoot_userId: { roomId, threadRoot, userId } },
      create: row,
      update: row,
    });
  }

  findForm(key: MatrixFormKey): Promise<MatrixFormRow | null> {
    return this.db.matrixGuidedForm.findUnique({ where: { roomId_threadRoot_userId: key } });
  }

  async deleteForm(key: MatrixFormKey): Promise<void> {
    await this.db.matrixGuidedForm.deleteMany({ where: key });
  }

  async deleteFormsBefore(before: Date): Promise<void> {
    await this.db.matrixGuidedForm.deleteMany({ where: { updatedAt: { lt: before } } });
  }
}
