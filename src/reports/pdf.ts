import PDFDocument from "pdfkit";
import { FONT_BOLD, FONT_REGULAR } from "./fonts.ts";

export interface ReportSection {
  heading: string;
  rows?: [string, string][];
  paragraphs?: string[];
}

export interface ReportDocument {
  title: string;
  subtitle?: string;
  sections: ReportSection[];
  images?: { caption: string; png: Buffer }[];
  footer?: string;
}

/** A plain, printable PDF of titled sections (label/value rows, paragraphs, charts). */
export function renderPdf(doc: ReportDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: "A4", margin: 50, info: { Title: doc.title, Producer: "iml-chatops" } });
    const chunks: Buffer[] = [];
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    pdf.registerFont("regular", FONT_REGULAR);
    pdf.registerFont("bold", FONT_BOLD);
    pdf.font("bold").fontSize(18).text(doc.title);
    if (doc.subtitle) pdf.font("regular").fontSize(11).fillColor("#555555").text(doc.subtitle).fillColor("#000000");
    pdf.moveDown();
    for (const section of doc.sections) {
      pdf.font("bold").fontSize(13).text(section.heading);
      pdf.moveDown(0.3);
      for (const [label, value] of section.rows ?? []) {
        pdf.font("bold").fontSize(10).text(`${label} : `, { continued: true }).font("regular").text(value);
      }
      for (const paragraph of section.paragraphs ?? []) pdf.font("regular").fontSize(10).text(paragraph);
      pdf.moveDown();
    }
    for (const image of doc.images ?? []) {
      if (pdf.y > 520) pdf.addPage();
      pdf.font("bold").fontSize(11).text(image.caption);
      pdf.image(image.png, { fit: [495, 250] });
      pdf.moveDown();
    }
    if (doc.footer) pdf.font("regular").fontSize(8).fillColor("#555555").text(doc.footer);
    pdf.end();
  });
}
