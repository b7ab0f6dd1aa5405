/**
 * Slack's Block Kit limits (api.slack.com/reference/block-kit), one table: a message or view over
 * any of them is refused (`invalid_blocks`) and the member sees nothing. Renderers respect them by
 * construction; `slackMessageProblems` checks a finished payload against the table.
 */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  headerText: 150,
  elementsPerActions: 25,
  elementsPerContext: 10,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  contextText: 3000,
  fallbackText: 4000,
  modalTitle: 24,
  modalButton: 24,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  optionsPerSelect: 100,
  optionText: 75,
  optionValue: 150,
  privateMetadata: 3000,
} as const;

export const SLACK_MAX_BLOCKS = SLACK_LIMITS.blocksPerMessage;
export const SLACK_MAX_SECTION_TEXT = SLACK_LIMITS.sectionText;
export const SLACK_MAX_FIELDS_PER_SECTION = SLACK_LIMITS.fieldsPerSection;
export const SLACK_MAX_FIELD_TEXT = SLACK_LIMITS.fieldText;
export const SLACK_MAX_HEADER_TEXT = SLACK_LIMITS.headerText;
export const SLACK_MAX_BUTTON_TEXT = SLACK_LIMITS.buttonText;
export const SLACK_MAX_BUTTON_VALUE = SLACK_LIMITS.buttonValue;
export const SLACK_MAX_CONTEXT_TEXT = SLACK_LIMITS.contextText;
export const SLACK_MAX_FALLBACK_TEXT = SLACK_LIMITS.fallbackText;
export const SLACK_MAX_MODAL_TITLE = SLACK_LIMITS.modalTitle;
export const SLACK_MAX_INPUT_LABEL = SLACK_LIMITS.inputLabel;
export const SLACK_MAX_INPUT_HINT = SLACK_LIMITS.inputHint;
export const SLACK_MAX_OPTION_TEXT = SLACK_LIMITS.optionText;
export const SLACK_MAX_PRIVATE_METADATA = SLACK_LIMITS.privateMetadata;
/** Buttons per actions block: fewer than Slack allows, so they stay readable on a phone. */
export const BUTTONS_PER_ROW = 5;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null;
const items = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);
const textOf = (v: unknown): string => (isObject(v) && typeof v.text === "string" ? v.text : "");

/** Every way a list of blocks breaks the table (in a message, `maxBlocks` 50; in a view, 100). */
export function slackBlockProblems(
  blocks: readonly unknown[],
  maxBlocks: number = SLACK_LIMITS.blocksPerMessage,
): string[] {
  const L = SLACK_LIMITS;
  const problems: string[] = [];
  const over = (what: string, size: number, max: number) => {
    if (size > max) problems.push(`${what}: ${size} > ${max}`);
  };
  over("blocks", blocks.length, maxBlocks);
  const actionIds = new Set<string>();
  for (const block of items(blocks)) {
    if (block.type === "header") over("header", textOf(block.text).length, L.headerText);
    if (block.type === "section") {
      over("section text", textOf(block.text).length, L.sectionText);
      const fields = items(block.fields);
      over("fields in a section", fields.length, L.fieldsPerSection);
      for (const f of fields) over("field", textOf(f).length, L.fieldText);
    }
    if (block.type === "context") {
      const elements = items(block.elements);
      over("context elements", elements.length, L.elementsPerContext);
      for (const e of elements) over("context text", textOf(e).length, L.contextText);
    }
    if (block.type === "actions") {
      const elements = items(block.elements);
      over("elements in an actions block", elements.length, L.elementsPerActions);
      for (const e of elements) {
        over("button text", textOf(e.text).length, L.buttonText);
        over("button value", typeof e.value === "string" ? e.value.length : 0, L.buttonValue);
        const id = typeof e.action_id === "string" ? e.action_id : "";
        over("action id", id.length, L.actionId);
        if (actionIds.has(id)) problems.push(`action id used twice: ${id}`);
        actionIds.add(id);
      }
    }
    if (block.type === "input") {
      over("input label", textOf(block.label).length, L.inputLabel);
      over("input hint", textOf(block.hint).length, L.inputHint);
      const element = isObject(block.element) ? block.element : {};
      over("placeholder", textOf(element.placeholder).length, L.placeholder);
      const options = items(element.options);
      over("options in a select", options.length, L.optionsPerSelect);
      for (const o of options) {
        over("option text", textOf(o.text).length, L.optionText);
        over("option value", typeof o.value === "string" ? o.value.length : 0, L.optionValue);
      }
    }
  }
  return problems;
}

/** Every way a message breaks the table; empty when Slack would accept it. */
export function slackMessageProblems(message: { text: string; blocks: readonly unknown[] }): string[] {
  const problems = slackBlockProblems(message.blocks);
  if (message.text.length > SLACK_LIMITS.fallbackText)
    problems.push(`text: ${message.text.length} > ${SLACK_LIMITS.fallbackText}`);
  return problems;
}
