/** RFC 4180 CSV with a UTF-8 byte order mark, so spreadsheet programs read the accents. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): Buffer {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return Buffer.from("\ufeff" + rows.map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n", "utf8");
}
