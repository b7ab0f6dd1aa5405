import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface LookedAtPdf {
  pages: number;
  /** Each page's text (pdftotext -layout), French spaces made plain. */
  text: string[];
  /** PNG images of the pages (pdftoppm), as a reader would see them. */
  images: Buffer[];
  /** Fonts as pdffonts lists them: name and whether it is embedded. */
  fonts: { name: string; embedded: boolean }[];
}

/** Opens a PDF with poppler's tools (Debian's poppler-utils), page by page. */
export function lookAtPdf(pdf: Buffer, resolution = 50): LookedAtPdf {
  const dir = mkdtempSync(path.join(tmpdir(), "iml-pdf-"));
  try {
    const file = path.join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    const text = Array.from({ length: pages }, (_, i) =>
      execFileSync("pdftotext", ["-layout", "-f", String(i + 1), "-l", String(i + 1), file, "-"], {
        encoding: "utf8",
      }).replace(/[\u202f\u00a0]/g, " "),
    );
    execFileSync("pdftoppm", ["-r", String(resolution), "-png", file, path.join(dir, "page")]);
    const images = readdirSync(dir)
      .filter((f) => f.endsWith(".png"))
      .sort()
      .map((f) => readFileSync(path.join(dir, f)));
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" })
      .split("\n")
      .slice(2)
      .filter(Boolean)
      .map((line) => {
        const cols = line.trim().split(/\s+/);
        // name type [encoding...] emb sub uni object id: "emb" is the fifth column from the end.
        return { name: cols[0] ?? "", embedded: cols.at(-5) === "yes" };
      });
    return { pages, text, images, fonts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
