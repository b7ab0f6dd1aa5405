import { afterAll, beforeAll, expect, it } from "vitest";
import type { App } from "../../src/app.ts";
import { fixedClock } from "../../src/core/clock.ts";
import { healthRoutes, startHealthServer, type HealthServer } from "../../src/platforms/http/health.ts";
import { testApp } from "../support/app.ts";
import { describeEachDatabase, freshDatabase, type TestDatabase } from "../support/databases.ts";

describeEachDatabase("/healthz and /readyz on a server of their own", (provider) => {
  let db: TestDatabase;
  let app: App;
  let server: HealthServer;
  let stopping = false;
  const get = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: response.status, body: (await response.json()) as unknown };
  };

  beforeAll(async () => {
    db = await freshDatabase(provider);
    app = await testApp(db.url, fixedClock(new Date("2026-03-02T09:00:00Z")));
    server = await startHealthServer(
      0,
      healthRoutes({ readiness: (ms) => app.probe.readiness(ms), stopping: () => stopping }),
    );
  });

  afterAll(async () => {
    await server?.stop();
    await app?.close();
    await db?.drop();
  });

  it("says alive, and ready with every migration applied", async () => {
    expect(await get("/healthz")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await get("/readyz")).toEqual({ status: 200, body: { status: "ready" } });
    expect((await get("/elsewhere")).status).toBe(404);
  });

  it("says not ready while a migration is missing from the database, and while stopping", async () => {
    const [last] = await app.database.prisma.$queryRawUnsafe<{ id: string; migration_name: string }[]>(
      `SELECT id, migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
    );
    if (!last) throw new Error("no migration applied");
    await app.database.prisma.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET finished_at = NULL WHERE id = '${last.id}'`,
    );
    expect(await get("/readyz")).toEqual({
      status: 503,
      body: { status: "unavailable", reason: "migrations_pending:1" },
    });
    await app.database.prisma.$executeRawUnsafe(
      `UPDATE "_prisma_migrations" SET finished_at = started_at WHERE id = '${last.id}'`,
    );
    expect((await get("/readyz")).status).toBe(200);
    stopping = true;
    expect(await get("/readyz")).toEqual({ status: 503, body: { status: "unavailable", reason: "stopping" } });
    expect((await get("/healthz")).status).toBe(200);
  });
});
