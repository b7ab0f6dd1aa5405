/** Slack Block Kit limits (api.slack.com/reference/block-kit). Exceeding one gets a message rejected. */
export const SLACK_MAX_BLOCKS = 50;
export const SLACK_MAX_SECTION_TEXT = 3000;
export const SLACK_MAX_FIELDS_PER_SECTION = 10;
export const SLACK_MAX_FIELD_TEXT = 2000;
export const SLACK_MAX_HEADER_TEXT = 150;
export const SLACK_MAX_BUTTON_TEXT = 75;
export const SLACK_MAX_BUTTON_VALUE = 2000;
export const SLACK_MAX_CONTEXT_TEXT = 3000;
export const SLACK_MAX_FALLBACK_TEXT = 4000;
export const SLACK_MAX_MODAL_TITLE = 24;
export const SLACK_MAX_INPUT_LABEL = 2000;
export const SLACK_MAX_OPTION_TEXT = 75;
export const SLACK_MAX_PRIVATE_METADATA = 3000;
/** Buttons per actions block: fewer than Slack allows, so they stay readable on a phone. */
export const BUTTONS_PER_ROW = 5;
