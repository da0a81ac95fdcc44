/** The one-line Slack message of a budget alert: who, how much of which budget, which period. */
import type { AlertEvent } from './alert.js';

const usd = new Map<number, Intl.NumberFormat>();
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * E.g. `Budget alert: key "ci-bot" (k_1) of team "Acme" (t_1) has reached 80% of its $50.00 budget
 * for month 2026-12: $40.12 spent.` Names are escaped, so a name like `<!channel>` cannot ping a
 * whole channel.
 */
export function slackText(event: AlertEvent): string {
  const who = event.scope_kind === 'team' ? describeTeam(event) : `${event.scope_kind} ${named(event.scope_name, event.scope_id)} of ${describeTeam(event)}`;
  const percent = formatPercent(event.threshold);
  const budget = event.unit === 'usd' ? `${money(event.cap)} budget` : `${count.format(event.cap)}-token budget`;
  const spent = event.unit === 'usd' ? `${money(event.spent)} spent` : `${count.format(event.spent)} tokens used`;
  return escapeSlack(`Budget alert: ${who} has reached ${percent} of its ${budget} for ${describePeriod(event.period)}: ${spent}.`);
}

function describeTeam(event: AlertEvent): string {
  return `team ${named(event.team_name, event.team_id)}`;
}

function named(name: string | null, id: string): string {
  return name ? `"${name}" (${id})` : id;
}

function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

function money(value: number): string {
  // Small budgets need more than cents to say anything ($0.0042 of $0.01).
  const digits = Math.abs(value) < 1 ? 4 : 2;
  let format = usd.get(digits);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: digits });
    usd.set(digits, format);
  }
  return format.format(value);
}

function describePeriod(period: string): string {
  if (period === 'total') return 'all time';
  const [kind, start] = period.split(':');
  if (kind === 'week') return `the week of ${start}`;
  return `${kind} ${start}`;
}

/** Slack's three control characters in message text (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
