/**
 * Slack reads `<…>` in message text as links and mentions (`<!channel>`, `<@U123>`) and
 * `&` as the start of an entity. Escaping the three characters Slack names makes a text
 * plain: a branch called `<!channel>` is shown, not announced. URLs stay clickable because
 * Slack links bare URLs by itself.
 * https://docs.slack.dev/messaging/formatting-message-text#escaping
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
