// The Overview tab: the numbers operators look at first, and the chart of refreshes over time.

import { api } from './api.js';
import { renderChart, renderChartTable } from './chart.js';
import { el, millis, relative } from './format.js';

export class Overview {
  constructor(cards, chart, table, hours) {
    this.cards = cards;
    this.chart = chart;
    this.table = table;
    this.hours = hours;
    // ?hours=1 in the address preselects the period (a bookmark, or a screenshot of the last hour).
    const wanted = new URLSearchParams(window.location.search).get('hours');
    if (wanted && [...hours.options].some((option) => option.value === wanted)) {
      hours.value = wanted;
    }
    hours.addEventListener('change', () => this.refresh());
  }

  async refresh() {
    const [stats, lag, timeline, cost] = await Promise.all([
      api('api/stats'), api('api/stats/lag'), api(`api/stats/timeline?hours=${Number(this.hours.value)}`),
      api('api/cost'),
    ]);
    const day = cost.periods['24h'];
    const month = cost.periods['30d'];
    const last24h = stats.refreshesLast24h;
    this.cards.replaceChildren(
      card('Accounts', stats.accounts, `${stats.autoRefreshEnabled} with auto-refresh on`),
      card('Auto-refresh on', stats.autoRefreshEnabled,
        stats.accounts ? `${Math.round((100 * stats.autoRefreshEnabled) / stats.accounts)} % of accounts` : ''),
      card('Refreshes, last 24 h', last24h.total,
        stats.successRate === null ? 'none yet' : `${stats.successRate} % moved a window`),
      card('Refresh lag (median, 1 h)', millis(lag.p50Ms),
        lag.refreshes ? `p95 ${millis(lag.p95Ms)} · max ${millis(lag.maxMs)} · ${lag.refreshes} refreshes`
          : 'no window refreshed in the last hour'),
      card('Due now', lag.dueNow,
        lag.oldestDueAt ? `oldest due ${relative(lag.oldestDueAt)}` : 'nothing waiting'),
      card('Failures, last 24 h', failures(last24h.byOutcome), outcomeSummary(last24h.byOutcome)),
      card('Tokens spent, last 24 h', day.inputTokens + day.outputTokens,
        `${day.messagesSent} messages · ${day.tokensPerMessage === null ? '—' : day.tokensPerMessage} per message · `
          + `30 d: ${month.inputTokens + month.outputTokens}`),
      card('Messages saved, last 24 h', day.avoided.total,
        `${day.avoided.usageCheck} by the usage check · ${day.avoided.inFlight} duplicates · 30 d: `
          + `${month.avoided.total}`));
    renderChart(this.chart, timeline, 'chart-title');
    renderChartTable(this.table, timeline);
  }
}

function failures(byOutcome) {
  return Object.entries(byOutcome)
    // Not failures of the account: history only (STALE), taken as sent, or our own side unavailable.
    .filter(([outcome]) => !['SUCCESS', 'UNCHANGED', 'NOT_ELIGIBLE', 'STALE', 'ASSUMED_SENT', 'UNAVAILABLE']
      .includes(outcome))
    .reduce((sum, [, count]) => sum + count, 0);
}

function outcomeSummary(byOutcome) {
  if (Object.keys(byOutcome).length === 0) {
    return 'no refreshes yet';
  }
  const parts = Object.entries(byOutcome)
    .filter(([outcome]) => outcome !== 'SUCCESS')
    .map(([outcome, count]) => `${count} ${outcome.toLowerCase().replaceAll('_', ' ')}`);
  return parts.length ? parts.join(' · ') : 'all refreshes succeeded';
}

function card(label, value, detail) {
  return el('div', { class: 'stat' },
    el('div', { class: 'label' }, label),
    el('div', { class: 'value' }, value),
    el('div', { class: 'detail' }, detail));
}
