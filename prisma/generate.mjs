// Generates both Prisma clients (SQLite and PostgreSQL). Runs after `npm install`, so a fresh
// clone is runnable without another step. Plain JS: it must work before anything is compiled.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
for (const provider of ["sqlite", "postgresql"]) {
  const result = spawnSync(
    process.execPath,
    [prismaCli, "generate", "--config", `prisma/${provider}/prisma.config.ts`],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (result.status !== 0) {
    console.error(`prisma generate failed for ${provider}`);
    process.exit(result.status ?? 1);
  }
}
console.log("Prisma clients generated (sqlite, postgresql).");
