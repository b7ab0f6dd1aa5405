import type { IncomingMessage, ServerResponse } from "node:http";
import { type I18n, toLocale } from "../../core/i18n.ts";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/** The installer's language: the browser's first choice when it is one the bot speaks. */
export function pageLocale(req: IncomingMessage) {
  return toLocale(String(req.headers["accept-language"] ?? "").split(",")[0]);
}

/** A small, self-contained HTML page (no script, no outside resource). */
export function sendPage(
  res: ServerResponse,
  status: number,
  page: { lang: string; title: string; paragraphs: string[]; link?: { href: string; text: string } },
): void {
  const body = [
    `<!doctype html><html lang="${page.lang}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    "<style>body{font-family:system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style>",
    `</head><body><h1>${escapeHtml(page.title)}</h1>`,
    ...page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    page.link ? `<p><a href="${escapeHtml(page.link.href)}">${escapeHtml(page.link.text)}</a></p>` : "",
    "</body></html>",
  ].join("");
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
  });
  res.end(body);
}

/** Which failure the installer is told about, from the error code Bolt's OAuth flow gives. */
export function failureReason(code: string | undefined): "state" | "code" | "cancelled" | "exchange" | "unknown" {
  switch (code) {
    case "slack_oauth_invalid_state":
    case "slack_oauth_missing_state":
      return "state";
    case "slack_oauth_missing_code":
      return "code";
    case "slack_oauth_authorization_error":
      return "cancelled";
    case "slack_webapi_platform_error":
    case "slack_webapi_request_error":
    case "slack_webapi_http_error":
      return "exchange";
    default:
      return "unknown";
  }
}

export function failurePage(
  res: ServerResponse,
  i18n: I18n,
  req: IncomingMessage,
  reason: ReturnType<typeof failureReason>,
  slackError: string,
): void {
  const lang = pageLocale(req);
  const t = i18n.translator(lang);
  sendPage(res, reason === "unknown" ? 500 : 400, {
    lang,
    title: t("install:page.failure_title"),
    paragraphs: [t(`install:page.failure.${reason}`, { reason: slackError }), t("install:page.nothing_stored")],
    link: { href: "/slack/install", text: t("install:page.retry") },
  });
}
