/**
 * What Discord refuses with `400 Invalid Form Body` (code 50035), written from Discord's API
 * documentation on purpose apart from the bot's own limits table, so a test against the stand-in
 * catches a table that is wrong as well as a renderer that ignores it.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null;
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const str = (value: unknown): string => (typeof value === "string" ? value : "");

/** Problems Discord would report for a message body (channel post, edit, interaction reply). */
export function messageProblems(body: unknown): string[] {
  if (!isObject(body)) return [];
  const problems: string[] = [];
  const embeds = list(body.embeds);
  if (embeds.length > 10) problems.push(`embeds: ${embeds.length} > 10`);
  let total = 0;
  for (const [i, embed] of embeds.entries()) {
    const title = str(embed.title);
    const description = str(embed.description);
    const footer = isObject(embed.footer) ? str(embed.footer.text) : "";
    const fields = list(embed.fields);
    if (title.length > 256) problems.push(`embeds[${i}].title: ${title.length} > 256`);
    if (description.length > 4096) problems.push(`embeds[${i}].description: ${description.length} > 4096`);
    if (footer.length > 2048) problems.push(`embeds[${i}].footer: ${footer.length} > 2048`);
    if (fields.length > 25) problems.push(`embeds[${i}].fields: ${fields.length} > 25`);
    total += title.length + description.length + footer.length;
    for (const [j, field] of fields.entries()) {
      const name = str(field.name);
      const value = str(field.value);
      if (name.length === 0 || name.length > 256) problems.push(`embeds[${i}].fields[${j}].name: ${name.length}`);
      if (value.length === 0 || value.length > 1024) problems.push(`embeds[${i}].fields[${j}].value: ${value.length}`);
      total += name.length + value.length;
    }
  }
  if (total > 6000) problems.push(`embeds: ${total} characters in the message > 6000`);
  const content = str(body.content);
  if (content.length > 2000) problems.push(`content: ${content.length} > 2000`);
  const rows = list(body.components);
  if (rows.length > 5) problems.push(`components: ${rows.length} rows > 5`);
  const ids = new Set<string>();
  for (const [i, row] of rows.entries()) {
    const items = list(row.components);
    if (items.length === 0 || items.length > 5) problems.push(`components[${i}]: ${items.length} buttons`);
    for (const [j, item] of items.entries()) {
      const id = str(item.custom_id);
      const label = str(item.label);
      if (id.length === 0 || id.length > 100) problems.push(`components[${i}][${j}].custom_id: ${id.length}`);
      if (ids.has(id)) problems.push(`components[${i}][${j}].custom_id: duplicated (${id})`);
      ids.add(id);
      if (label.length > 80) problems.push(`components[${i}][${j}].label: ${label.length} > 80`);
    }
  }
  return problems;
}

/** Problems Discord would report for a modal (interaction callback type 9). */
export function modalProblems(body: unknown): string[] {
  if (!isObject(body)) return ["modal: not an object"];
  const problems: string[] = [];
  const title = str(body.title);
  if (title.length === 0 || title.length > 45) problems.push(`title: ${title.length}`);
  const rows = list(body.components);
  if (rows.length === 0 || rows.length > 5) problems.push(`components: ${rows.length} rows`);
  const ids = new Set<string>();
  for (const [i, row] of rows.entries()) {
    // A label (type 18) holds one input and may describe it; an action row (type 1) holds inputs
    // that carry their own label (the older form).
    const inputs = row.type === 18 && isObject(row.component) ? [row.component] : list(row.components);
    if (row.type === 18) {
      const label = str(row.label);
      const description = str(row.description);
      if (label.length === 0 || label.length > 45) problems.push(`components[${i}].label: ${label.length} > 45`);
      if (description.length > 100) problems.push(`components[${i}].description: ${description.length} > 100`);
    }
    for (const input of inputs) {
      const id = str(input.custom_id);
      const placeholder = str(input.placeholder);
      const value = str(input.value);
      if (ids.has(id)) problems.push(`components[${i}].custom_id: duplicated (${id})`);
      ids.add(id);
      if (row.type !== 18) {
        const label = str(input.label);
        if (label.length === 0 || label.length > 45) problems.push(`components[${i}].label: ${label.length} > 45`);
      } else if ("label" in input) problems.push(`components[${i}]: a text input in a label has no label of its own`);
      if (placeholder.length > 100) problems.push(`components[${i}].placeholder: ${placeholder.length} > 100`);
      if (value.length > 4000) problems.push(`components[${i}].value: ${value.length} > 4000`);
      const max = typeof input.max_length === "number" ? input.max_length : 4000;
      if (max < 1 || max > 4000) problems.push(`components[${i}].max_length: ${max}`);
    }
  }
  return problems;
}
