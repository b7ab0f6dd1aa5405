/**
 * Slack escapes `&`, `<` and `>` in what members type in a slash command (`&amp;`, `&lt;`,
 * `&gt;`), so that `<…>` can only be a mention or a link Slack made. The escaped forms are read
 * back here, once, so a household's summary says "loyer & charges" as typed; mentions (`<@U…>`)
 * stay as Slack sent them. `&amp;` goes last: "&amp;lt;" typed literally stays "&lt;".
 */
export function slackTypedText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}
