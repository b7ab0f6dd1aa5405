import { Resvg } from "@resvg/resvg-js";
import { FONT_BOLD, FONT_REGULAR } from "./fonts.ts";

export interface BarSeries {
  label: string;
  color: string;
  values: number[];
}

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** A grouped bar chart as SVG: one group per category, one bar per series, with a legend. Pure. */
export function barChartSvg(
  title: string,
  categories: readonly string[],
  series: readonly BarSeries[],
  width = 800,
  height = 360,
): string {
  const margin = { top: 50, right: 20, bottom: 60, left: 50 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  // The axis goes to a multiple of 4, so its five ticks are whole numbers.
  const max = Math.ceil(Math.max(1, ...series.flatMap((s) => s.values)) / 4) * 4;
  const groupW = plotW / Math.max(1, categories.length);
  const barW = Math.max(2, (groupW * 0.8) / Math.max(1, series.length));
  const parts: string[] = [
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" font-size="16" font-weight="bold" text-anchor="middle">${escapeXml(title)}</text>`,
  ];
  for (let tick = 0; tick <= 4; tick++) {
    const value = (max * tick) / 4;
    const y = margin.top + plotH - (plotH * value) / max;
    parts.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y}" y2="${y}" stroke="#dddddd"/>`,
      `<text x="${margin.left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${value}</text>`,
    );
  }
  categories.forEach((category, i) => {
    const x0 = margin.left + i * groupW + groupW * 0.1;
    series.forEach((s, j) => {
      const value = s.values[i] ?? 0;
      const h = (plotH * value) / max;
      parts.push(
        `<rect x="${x0 + j * barW}" y="${margin.top + plotH - h}" width="${barW - 1}" height="${h}" fill="${s.color}"/>`,
      );
    });
    parts.push(
      `<text x="${margin.left + i * groupW + groupW / 2}" y="${margin.top + plotH + 16}" font-size="11" text-anchor="middle">${escapeXml(category)}</text>`,
    );
  });
  series.forEach((s, j) => {
    const x = margin.left + j * 180;
    parts.push(
      `<rect x="${x}" y="${height - 24}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${x + 18}" y="${height - 14}" font-size="12">${escapeXml(s.label)}</text>`,
    );
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans">${parts.join("")}</svg>`;
}

/** Renders SVG to PNG with the shipped fonts (no system font needed). */
export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [FONT_REGULAR, FONT_BOLD], loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
  });
  return Buffer.from(resvg.render().asPng());
}
