import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeServer, json, queriesOf, signInAs } from '../test/fakeServer';
import { dayFromNow } from '../test/now';
import { renderApp } from '../test/renderApp';
import type { Report } from './api';
import { attainmentRows, breachColumns, medianRows, openRows } from './SupportReports';
import { planLabel } from './words';

// A three-day period that ended at the start of today (UTC), with breaches on its middle day.
const [firstDay, breachDay, lastDay] = [dayFromNow(-3), dayFromNow(-2), dayFromNow(-1)];
const report: Report = {
  from: `${firstDay}T00:00:00Z`,
  to: `${dayFromNow(0)}T00:00:00Z`,
  overall: { key: 'all', tickets: 12, first_response_attainment_pct: 91.7, resolution_attainment_pct: 100, median_first_response_seconds: 1260 },
  by_plan: [
    { key: 'basic', tickets: 4, first_response_attainment_pct: 75, resolution_attainment_pct: 100, median_first_response_seconds: 5400 },
    { key: 'premium', tickets: 8, first_response_attainment_pct: 100, median_first_response_seconds: 900 },
  ],
  by_severity: [{ key: 'critical', tickets: 2, first_response_attainment_pct: 50, median_first_response_seconds: 1800 }],
  by_source: [{ key: 'hub_chat', tickets: 12, first_response_attainment_pct: 91.7 }],
  breaches_per_day: [{ day: breachDay, first_response_breaches: 2, resolution_breaches: 1, warnings: 3 }],
  open_by_status: { new: 3, open: 2, waiting_on_customer: 1, waiting_on_meta: 0 },
};

describe('support report charts', () => {
  it('turns the report into bars and columns', () => {
    expect(attainmentRows(report.by_plan, planLabel)).toEqual([
      { label: 'Basic (client) (4)', values: [75, 100] },
      { label: 'Premium (8)', values: [100, null] },
    ]);
    expect(medianRows(report.by_plan, planLabel)).toEqual([
      { label: 'Basic (client)', values: [5400] },
      { label: 'Premium', values: [900] },
    ]);
    // Every day of the period gets a column, with or without breaches.
    expect(breachColumns(report)).toEqual([
      { label: firstDay, values: [0, 0, 0] },
      { label: breachDay, values: [2, 1, 3] },
      { label: lastDay, values: [0, 0, 0] },
    ]);
    expect(openRows(report).map((row) => `${row.label} ${row.values[0]}`)).toEqual(['New 3', 'Open 2', 'Waiting on customer 1', 'Waiting on Meta 0']);
  });

  it('draws charts a screen reader can read, on the operator\'s reports page', async () => {
    await signInAs('platform_admin');
    const fetchMock = fakeServer({ 'GET /api/v2/support/reports': () => json(200, report) });
    renderApp('/operator/support-reports');
    const attainment = await screen.findByRole('img', { name: /^SLA attainment by plan Basic \(client\) \(4\): First response 75\.0 %, Resolution 100\.0 %; Premium \(8\): First response 100\.0 %, Resolution none$/ });
    expect(attainment.querySelectorAll('rect title')[0]).toHaveTextContent('Basic (client) (4), First response: 75.0 %');
    expect(screen.getByRole('img', { name: /^Median first response by plan Basic \(client\): Median first response 1h 30m; Premium: Median first response 15m$/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: new RegExp(`^Breaches and warnings per day \\(UTC\\) .*${breachDay}: First-response breaches 2, Resolution breaches 1, Warnings 3`) })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^Open tickets by status \(now\) New: Tickets 3; Open: Tickets 2/ })).toBeInTheDocument();
    expect(screen.getByText(/12 tickets opened in the period · first response met 91\.7 % · median first response 21m/)).toBeInTheDocument();

    const [from, to] = [dayFromNow(-30), dayFromNow(-16)];
    fireEvent.change(screen.getByLabelText('From'), { target: { value: from } });
    fireEvent.change(screen.getByLabelText('To (not included)'), { target: { value: to } });
    fireEvent.click(screen.getByRole('button', { name: 'Show' }));
    await waitFor(() => expect(queriesOf(fetchMock, 'GET /api/v2/support/reports').at(-1)).toEqual({ from, to }));
  });

  it('the partner dashboard shows its support figures', async () => {
    await signInAs('partner_admin', { partner_id: 'p1PA' });
    fakeServer({ 'GET /api/v2/support/reports': () => json(200, report) });
    renderApp('/partner');
    expect(await screen.findByRole('heading', { name: 'Support, last 30 days' })).toBeInTheDocument();
    expect(await screen.findByRole('img', { name: /^SLA attainment by plan/ })).toBeInTheDocument();
    expect(screen.getByRole('img', { name: /^Open tickets by status/ })).toBeInTheDocument();
  });
});
