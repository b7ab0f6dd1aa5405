import type { Card } from "../../core/card.ts";
import type { Translate } from "../../core/i18n.ts";
import { SLACK_LIMITS, slackBlockProblems } from "./limits.ts";
import { renderForSlack } from "./slack-port.ts";
import type { SlackBlock } from "./render.ts";

/**
 * The member's App Home tab: the same card as `/moi`, as a home view. Published for that member
 * each time they open the tab, so it is never older than their last look.
 */
export function homeView(card: Card, t: Translate): { type: "home"; blocks: SlackBlock[] } {
  const { blocks } = renderForSlack(card, t);
  const problems = slackBlockProblems(blocks, SLACK_LIMITS.blocksPerView);
  if (problems.length > 0) throw new Error(`App Home view refused by Slack's limits: ${problems.join("; ")}`);
  return { type: "home", blocks };
}
