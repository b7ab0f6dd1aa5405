import { numberPages, openPdf } from "./pdf.ts";

const MARGIN = 50;
const LABEL_W = 190;
const GREY = "#555555";

/** The fiche as the card builds it: already localized, grouped in blocks of label/value lines. */
export interface FicheDocument {
  title: string;
  /** Structure and territory, top left; dispositif and reference, top right. */
  header: { left: string[]; right: string[] };
  blocks: { heading: string; rows: [string, string][] }[];
  signature: { heading: string; boxes: string[] };
  footer: string;
  /** "Page {{page}} / {{pages}}", translated; the renderer fills the numbers. */
  pageLabel: string;
  locale: "fr" | "en";
}

/** A one-page administrative form: header, framed blocks of fields, signature boxes. */
export function renderFichePdf(doc: FicheDocument): Promise<Buffer> {
  const { pdf, done } = openPdf({ title: doc.title, locale: doc.locale });
  const width = pdf.page.width - 2 * MARGIN;
  const top = MARGIN;
  pdf.font("bold").fontSize(10);
  for (const [i, line] of doc.header.left.entries()) pdf.text(line, MARGIN, top + i * 14, { width: width / 2 });
  pdf.font("regular");
  for (const [i, line] of doc.header.right.entries())
    pdf.text(line, MARGIN + width / 2, top + i * 14, { width: width / 2, align: "right" });
  const below = top + 14 * Math.max(doc.header.left.length, doc.header.right.length) + 10;
  pdf
    .moveTo(MARGIN, below)
    .lineTo(MARGIN + width, below)
    .lineWidth(1)
    .strokeColor("#000000")
    .stroke();
  pdf
    .font("bold")
    .fontSize(16)
    .text(doc.title, MARGIN, below + 12, { width, align: "center" });
  pdf.y = below + 44;
  for (const block of doc.blocks) {
    pdf.font("bold").fontSize(10.5).text(block.heading, MARGIN, pdf.y, { width });
    const boxTop = pdf.y + 2;
    pdf.y = boxTop + 5;
    for (const [label, value] of block.rows) {
      const y = pdf.y;
      pdf
        .font("regular")
        .fontSize(9)
        .fillColor(GREY)
        .text(label, MARGIN + 6, y, { width: LABEL_W - 12 });
      const labelBottom = pdf.y;
      pdf.fillColor("#000000").text(value, MARGIN + LABEL_W, y, { width: width - LABEL_W - 6 });
      pdf.y = Math.max(labelBottom, pdf.y) + 3;
    }
    pdf
      .rect(MARGIN, boxTop, width, pdf.y - boxTop + 2)
      .lineWidth(0.6)
      .strokeColor("#777777")
      .stroke();
    pdf.y += 12;
  }
  pdf.font("bold").fontSize(10.5).fillColor("#000000").text(doc.signature.heading, MARGIN, pdf.y, { width });
  const boxTop = pdf.y + 4;
  const boxH = Math.min(90, pdf.page.height - pdf.page.margins.bottom - boxTop - 4);
  const boxW = (width - 10 * (doc.signature.boxes.length - 1)) / doc.signature.boxes.length;
  doc.signature.boxes.forEach((caption, i) => {
    const x = MARGIN + i * (boxW + 10);
    pdf.rect(x, boxTop, boxW, boxH).lineWidth(0.6).strokeColor("#777777").stroke();
    pdf
      .font("regular")
      .fontSize(8.5)
      .fillColor(GREY)
      .text(caption, x + 6, boxTop + 5, { width: boxW - 12 });
  });
  pdf.fillColor("#000000");
  numberPages(pdf, doc.pageLabel, doc.footer);
  pdf.end();
  return done;
}
