/**
 * Discord's limits (discord.com/developers/docs), one table: a payload over any of them is refused
 * with 400 and the member sees nothing. Renderers respect them by construction; `messageProblems`
 * checks a finished payload against the table before it is sent.
 */
export const DISCORD_LIMITS = {
  customIdLength: 100,
  buttonsPerRow: 5,
  rowsPerMessage: 5,
  embedsPerMessage: 10,
  fieldsPerEmbed: 25,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, field names and values, footers: summed over every embed of a message. */
  embedTotalPerMessage: 6000,
  buttonLabel: 80,
  commandDescription: 100,
  choicesPerOption: 25,
  choiceName: 100,
  modalInputs: 5,
  modalTitle: 45,
  inputLabel: 45,
  inputDescription: 100,
  inputPlaceholder: 100,
  inputValue: 4000,
  autocompleteChoices: 25,
  threadName: 100,
} as const;

export const DISCORD_CUSTOM_ID_MAX_LENGTH = DISCORD_LIMITS.customIdLength;
export const DISCORD_BUTTONS_PER_ROW = DISCORD_LIMITS.buttonsPerRow;
export const DISCORD_MAX_ROWS = DISCORD_LIMITS.rowsPerMessage;
export const DISCORD_MAX_EMBEDS = DISCORD_LIMITS.embedsPerMessage;
export const DISCORD_MAX_EMBED_FIELDS = DISCORD_LIMITS.fieldsPerEmbed;
export const DISCORD_MAX_EMBED_TITLE = DISCORD_LIMITS.embedTitle;
export const DISCORD_MAX_EMBED_DESCRIPTION = DISCORD_LIMITS.embedDescription;
export const DISCORD_MAX_FIELD_NAME = DISCORD_LIMITS.fieldName;
export const DISCORD_MAX_FIELD_VALUE = DISCORD_LIMITS.fieldValue;
export const DISCORD_MAX_FOOTER = DISCORD_LIMITS.footer;
export const DISCORD_MAX_EMBED_TOTAL = DISCORD_LIMITS.embedTotalPerMessage;
export const DISCORD_MAX_BUTTON_LABEL = DISCORD_LIMITS.buttonLabel;
export const DISCORD_MAX_COMMAND_DESCRIPTION = DISCORD_LIMITS.commandDescription;
export const DISCORD_MAX_CHOICES = DISCORD_LIMITS.choicesPerOption;
export const DISCORD_MAX_CHOICE_NAME = DISCORD_LIMITS.choiceName;
export const DISCORD_MAX_MODAL_INPUTS = DISCORD_LIMITS.modalInputs;
export const DISCORD_MAX_MODAL_TITLE = DISCORD_LIMITS.modalTitle;
export const DISCORD_MAX_INPUT_LABEL = DISCORD_LIMITS.inputLabel;
export const DISCORD_MAX_INPUT_VALUE = DISCORD_LIMITS.inputValue;
export const DISCORD_MAX_AUTOCOMPLETE = DISCORD_LIMITS.autocompleteChoices;

interface CheckedMessage {
  embeds: {
    title?: string;
    description?: string;
    fields?: { name: string; value: string }[];
    footer?: { text: string };
  }[];
  components: { components: { custom_id: string; label: string }[] }[];
}

/** The characters Discord counts towards a message's 6,000 (every embed together). */
export function embedCharacters(embeds: CheckedMessage["embeds"]): number {
  return embeds.reduce(
    (sum, e) =>
      sum +
      (e.title?.length ?? 0) +
      (e.description?.length ?? 0) +
      (e.footer?.text.length ?? 0) +
      (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0),
    0,
  );
}

/** Every way a message breaks the table; empty when Discord would accept it. */
export function messageProblems(message: CheckedMessage): string[] {
  const L = DISCORD_LIMITS;
  const problems: string[] = [];
  const over = (what: string, size: number, max: number) => {
    if (size > max) problems.push(`${what}: ${size} > ${max}`);
  };
  over("embeds", message.embeds.length, L.embedsPerMessage);
  over("embed characters in the message", embedCharacters(message.embeds), L.embedTotalPerMessage);
  for (const embed of message.embeds) {
    over("title", embed.title?.length ?? 0, L.embedTitle);
    over("description", embed.description?.length ?? 0, L.embedDescription);
    over("footer", embed.footer?.text.length ?? 0, L.footer);
    over("fields", embed.fields?.length ?? 0, L.fieldsPerEmbed);
    for (const field of embed.fields ?? []) {
      over("field name", field.name.length, L.fieldName);
      over("field value", field.value.length, L.fieldValue);
    }
  }
  over("rows", message.components.length, L.rowsPerMessage);
  const ids = new Set<string>();
  for (const row of message.components) {
    over("buttons in a row", row.components.length, L.buttonsPerRow);
    for (const button of row.components) {
      over("button label", button.label.length, L.buttonLabel);
      over("custom id", button.custom_id.length, L.customIdLength);
      if (ids.has(button.custom_id)) problems.push(`custom id used twice: ${button.custom_id}`);
      ids.add(button.custom_id);
    }
  }
  return problems;
}
