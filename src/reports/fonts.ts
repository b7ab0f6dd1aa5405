import { createRequire } from "node:module";
import path from "node:path";

/** Fonts shipped with the dejavu-fonts-ttf package: reports look the same on every machine, accents and € included. */
const fontsDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
);
export const FONT_REGULAR = path.join(fontsDir, "DejaVuSans.ttf");
export const FONT_BOLD = path.join(fontsDir, "DejaVuSans-Bold.ttf");
