// `npm run privacy:scan`: runs the personal-data detector over every free text stored in
// DATABASE_URL and prints the references and fields of the rows to review (never their text), for
// deployments that ran a version that did not screen every field.
import { ConfigError, loadConfig } from "../config.ts";
import { openDatabase } from "../db/client.ts";
import { scanStoredTexts } from "../services/privacy-scan.ts";

try {
  const config = loadConfig(process.env);
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const { scanned, findings } = await scanStoredTexts(database.prisma, new Date().toISOString().slice(0, 10));
    for (const f of findings) console.log([f.territoryId, f.reference, f.field, f.kinds.join(",")].join("\t"));
    console.log(`${scanned} texts scanned, ${findings.length} to review`);
    process.exitCode = findings.length > 0 ? 1 : 0;
  } finally {
    await database.close();
  }
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
