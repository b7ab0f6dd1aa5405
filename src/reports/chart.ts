import { Resvg } from "@resvg/resvg-js";
import { FONT_BOLD, FONT_REGULAR } from "./fonts.ts";

export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 380;
/** DejaVu Sans is wide: an average glyph is about 0.62 em; labels get room on that measure. */
const EM = 0.62;
const textWidth = (text: string, size: number) => text.length * size * EM;

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Axis top: four equal steps of a round size (1, 2, 5, 10, 20, 25, 50...), so every tick is a whole number. */
function axisMax(values: readonly number[]): number {
  const quarter = Math.max(1, ...values) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, quarter)));
  const step =
    [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= quarter && Number.isInteger(s)) ?? 10 * magnitude;
  return step * 4;
}

function svg(width: number, height: number, title: string, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans"><rect width="${width}" height="${height}" fill="#ffffff"/><text x="${width / 2}" y="26" font-size="17" font-weight="bold" text-anchor="middle">${escapeXml(title)}</text>${parts.join("")}</svg>`;
}

export interface QuotaChart {
  title: string;
  /** Month labels, only up to the report's date. */
  months: string[];
  approved: number[];
  held: number[];
  approvedLabel: string;
  heldLabel: string;
}

/**
 * Quota use over the year: mesures held as bars with their value, the approved quota as a dashed
 * step line. Told apart by shape, not only colour, so it reads printed in grey.
 */
export function quotaChartSvg(c: QuotaChart, width = CHART_WIDTH, height = CHART_HEIGHT): string {
  const margin = { top: 50, right: 20, bottom: 70, left: 50 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const max = axisMax([...c.approved, ...c.held]);
  const y = (v: number) => margin.top + plotH - (plotH * v) / max;
  // Twelve slots whatever the date: a month not reached yet stays empty, not drawn as zero.
  const slot = plotW / 12;
  const parts: string[] = [];
  for (let tick = 0; tick <= 4; tick++) {
    const v = (max * tick) / 4;
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(v)}" y2="${y(v)}" stroke="#d0d0d0"/>`,
      `<text x="${margin.left - 8}" y="${y(v) + 4}" font-size="12" text-anchor="end">${v}</text>`,
    );
  }
  const labelSize = Math.min(12, (slot * 0.95) / (EM * Math.max(1, ...c.months.map((m) => m.length))));
  c.months.forEach((month, i) => {
    const cx = margin.left + slot * i + slot / 2;
    const held = c.held[i] ?? 0;
    const barW = slot * 0.6;
    parts.push(
      `<rect x="${cx - barW / 2}" y="${y(held)}" width="${barW}" height="${y(0) - y(held)}" fill="#3b6e99" stroke="#1f3b52"/>`,
      `<text x="${cx}" y="${y(held) - 5}" font-size="12" text-anchor="middle">${held}</text>`,
      `<text x="${cx}" y="${y(0) + 18}" font-size="${labelSize.toFixed(1)}" text-anchor="middle">${escapeXml(month)}</text>`,
    );
  });
  const steps = c.approved.flatMap((v, i) => {
    const x0 = margin.left + slot * i;
    return [`${x0},${y(v)}`, `${x0 + slot},${y(v)}`];
  });
  if (steps.length)
    parts.push(
      `<polyline points="${steps.join(" ")}" fill="none" stroke="#000000" stroke-width="2.5" stroke-dasharray="8 5"/>`,
    );
  const ly = height - 22;
  parts.push(
    `<rect x="${margin.left}" y="${ly - 11}" width="16" height="14" fill="#3b6e99" stroke="#1f3b52"/>`,
    `<text x="${margin.left + 22}" y="${ly}" font-size="13">${escapeXml(c.heldLabel)}</text>`,
  );
  const x2 = margin.left + 22 + textWidth(c.heldLabel, 13) + 30;
  parts.push(
    `<line x1="${x2}" x2="${x2 + 30}" y1="${ly - 4}" y2="${ly - 4}" stroke="#000000" stroke-width="2.5" stroke-dasharray="8 5"/>`,
    `<text x="${x2 + 38}" y="${ly}" font-size="13">${escapeXml(c.approvedLabel)}</text>`,
  );
  return svg(width, height, c.title, parts);
}

/**
 * Horizontal bars, one per category with its value: the label column is as wide as the longest
 * label, so no label is ever cut, and the bars take what is left.
 */
export function horizontalBarsSvg(
  title: string,
  bars: readonly { label: string; value: number }[],
  emptyText: string,
  width = CHART_WIDTH,
): string {
  const rowH = 34;
  const height = Math.max(160, 70 + rowH * Math.max(1, bars.length));
  if (bars.length === 0)
    return svg(width, height, title, [
      `<text x="${width / 2}" y="${height / 2 + 10}" font-size="14" text-anchor="middle" fill="#555555">${escapeXml(emptyText)}</text>`,
    ]);
  // A label too long for 45% of the width is set smaller rather than cut.
  const longest = Math.max(...bars.map((b) => b.label.length));
  const size = Math.min(13, (width * 0.45 - 16) / (EM * longest));
  const labelW = longest * size * EM + 16;
  const left = 20 + labelW;
  const plotW = width - left - 60;
  const max = axisMax(bars.map((b) => b.value));
  const parts = bars.map((b, i) => {
    const top = 50 + i * rowH;
    const w = (plotW * b.value) / max;
    return [
      `<text x="${left - 10}" y="${top + 19}" font-size="${size.toFixed(1)}" text-anchor="end">${escapeXml(b.label)}</text>`,
      `<rect x="${left}" y="${top + 4}" width="${w}" height="${rowH - 10}" fill="${i % 2 ? "#7f7f7f" : "#3b3b3b"}"/>`,
      `<text x="${left + w + 6}" y="${top + 19}" font-size="13">${b.value}</text>`,
    ].join("");
  });
  parts.push(`<line x1="${left}" x2="${left}" y1="46" y2="${height - 14}" stroke="#000000"/>`);
  return svg(width, height, title, parts);
}

/** Renders SVG to PNG with the shipped fonts (no system font needed). */
export function svgToPng(svgText: string): { png: Buffer; width: number; height: number } {
  const resvg = new Resvg(svgText, {
    font: { fontFiles: [FONT_REGULAR, FONT_BOLD], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
  });
  const image = resvg.render();
  return { png: Buffer.from(image.asPng()), width: image.width, height: image.height };
}
