import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { bodiesOf, fakeServer, json, signInAs } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
import type { PolicyVersion, PreviewRequest, PreviewResult } from './api';

const seeded: PolicyVersion = {
  version: 0,
  live: true,
  seeded: true,
  note: 'Seeded policy (SPEC §5.7)',
  policy: {
    rules: [
      { metric: 'first_response', target_seconds: 86_400, calendar: 'always', when: { requester_kind: ['client'], plan: ['basic'], source: ['hub_chat'] }, warning_ratio: 0.8, soft: false },
      { metric: 'first_response', target_seconds: 86_400, calendar: 'standard_support', when: { package: ['standard'], severity: ['standard'], source: ['hub_chat'] }, warning_ratio: 0.8, soft: false },
      { metric: 'resolution', target_seconds: 172_800, calendar: 'always', when: {}, warning_ratio: 0.8, soft: true },
    ],
  },
};

// The server's answers for the preview: rule 1's target decides which rule wins.
function answer(request: PreviewRequest): PreviewResult {
  const first = request.policy?.rules?.[0]?.target_seconds ?? 0;
  const always = new Date(Date.parse(request.opened_at ?? '') + first * 1000).toISOString().replace('.000', '');
  const calendar = '2026-11-24T05:00:00Z';
  const wins = always < calendar ? 0 : 1;
  return {
    package: 'standard',
    first_response: { due_at: wins === 0 ? always : calendar, warning_at: wins === 0 ? '2026-11-21T16:42:00Z' : '2026-11-23T20:12:00Z', rule: wins, soft: false },
    resolution: { due_at: '2026-11-22T21:30:00Z', warning_at: '2026-11-22T11:54:00Z', rule: 2, soft: true },
    matched_rules: [
      { rule: 0, metric: 'first_response', calendar: 'always', target_seconds: first, due_at: always },
      { rule: 1, metric: 'first_response', calendar: 'standard_support', target_seconds: 86_400, due_at: calendar },
      { rule: 2, metric: 'resolution', calendar: 'always', target_seconds: 172_800, due_at: '2026-11-22T21:30:00Z' },
    ],
  };
}

function hub(save: (request: Request) => Response | Promise<Response> = () => json(201, { ...seeded, version: 1, seeded: false, note: 'x' })) {
  return fakeServer({
    'GET /api/v2/support/policies/live': () => json(200, seeded),
    'GET /api/v2/support/policies': () => json(200, { policies: [seeded] }),
    'POST /api/v2/support/sla/preview': async (request) => json(200, answer((await request.json()) as PreviewRequest)),
    'POST /api/v2/support/policies': save,
  });
}

const previewDue = () => screen.getByTestId('preview-first_response-due');

async function openEditor() {
  renderApp('/operator/sla-policy');
  const preview = await screen.findByRole('region', { name: 'Live preview' });
  fireEvent.change(within(preview).getByRole('textbox', { name: 'Opened at (RFC 3339)' }), { target: { value: '2026-11-20T21:30:00Z' } });
  await waitFor(() => expect(previewDue()).toHaveTextContent('2026-11-21 21:30:00 UTC'));
  return preview;
}

describe('SLA policy editor', () => {
  it('previews the draft live: a longer rule 1 hands the due instant to the calendar rule', async () => {
    await signInAs('platform_admin');
    const fetchMock = hub();
    const preview = await openEditor();
    const rule = screen.getByRole('region', { name: 'Rule 1' });
    fireEvent.change(within(rule).getByRole('textbox', { name: 'Target' }), { target: { value: '4d' } });
    await waitFor(() => expect(previewDue()).toHaveTextContent('2026-11-24 05:00:00 UTC'));
    expect(within(preview).getByTestId('preview-first_response-warning')).toHaveTextContent('2026-11-23 20:12:00 UTC');
    expect(within(within(preview).getByRole('table', { name: 'Matched rules' })).getByRole('row', { name: /^2 · First response ✓/ })).toBeInTheDocument();

    const sent = (await bodiesOf(fetchMock, 'POST /api/v2/support/sla/preview')) as PreviewRequest[];
    const last = sent.at(-1)!;
    expect(last).toMatchObject({ opened_at: '2026-11-20T21:30:00Z', requester_kind: 'client', plan: 'basic', source: 'hub_chat', severity: 'standard' });
    expect(last.policy?.rules?.[0]).toEqual({
      metric: 'first_response',
      target_seconds: 345_600,
      calendar: 'always',
      when: { requester_kind: ['client'], plan: ['basic'], source: ['hub_chat'] },
      soft: false,
    });
  });

  it('checks the draft as it is typed and does not ask the server about a broken one', async () => {
    await signInAs('platform_admin');
    const fetchMock = hub();
    const preview = await openEditor();
    const calls = (await bodiesOf(fetchMock, 'POST /api/v2/support/sla/preview')).length;
    const rule = screen.getByRole('region', { name: 'Rule 2' });
    fireEvent.change(within(rule).getByRole('textbox', { name: 'Warning at (%)' }), { target: { value: '100' } });
    expect(await within(rule).findByText('The warning comes between 0 % and 100 % of the target.')).toBeInTheDocument();
    expect(within(preview).getByText('Fix the draft first')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save as version 1' })).toBeDisabled();
    expect(screen.getByText('Rule 2: The warning comes between 0 % and 100 % of the target.')).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await bodiesOf(fetchMock, 'POST /api/v2/support/sla/preview')).length).toBe(calls);
  });

  it('builds calendars structurally and shows the server\'s problems in words', async () => {
    await signInAs('platform_admin');
    const fetchMock = fakeServer({
      'GET /api/v2/support/policies/live': () => json(200, seeded),
      'GET /api/v2/support/policies': () => json(200, { policies: [seeded] }),
      'POST /api/v2/support/sla/preview': () =>
        json(422, {
          meta: {
            http_code: 422,
            code: 'validation_failed',
            developer_message: 'The request has invalid fields.',
            details: ['policy.calendars.calendar_1.windows.sun: 02:00–03:00 has an edge at 02:00, which does not exist on 2026-03-29 (daylight-saving gap in Europe/Berlin)'],
          },
        }),
    });
    renderApp('/operator/sla-policy');
    fireEvent.click(await screen.findByRole('button', { name: 'Add a calendar' }));
    const calendar = screen.getByRole('region', { name: 'Calendar calendar_1' });
    fireEvent.click(within(calendar).getByRole('button', { name: 'Add a window on Sunday' }));
    fireEvent.change(within(calendar).getByRole('textbox', { name: 'Sunday window 1 start' }), { target: { value: '02:00' } });
    fireEvent.change(within(calendar).getByRole('textbox', { name: 'Sunday window 1 end' }), { target: { value: '03:00' } });
    fireEvent.click(within(calendar).getByRole('button', { name: 'Add a window on Monday' }));
    fireEvent.change(within(calendar).getByRole('textbox', { name: 'Monday window 2 start' }), { target: { value: '16:00' } });
    expect(await within(calendar).findByText('Monday: 16:00–17:00 overlaps 09:00–17:00.')).toBeInTheDocument();
    fireEvent.change(within(calendar).getByRole('textbox', { name: 'Monday window 2 start' }), { target: { value: '17:00' } });
    fireEvent.change(within(calendar).getByRole('textbox', { name: 'Monday window 2 end' }), { target: { value: '24:00' } });
    fireEvent.change(within(calendar).getByRole('textbox', { name: /^Holidays/ }), { target: { value: '2026-12-25' } });

    const refusal = await screen.findByRole('alert');
    expect(
      within(refusal).getByText(
        'Calendar “calendar_1”, Sunday: 02:00–03:00 has an edge at 02:00, which does not exist on 2026-03-29 (daylight-saving gap in Europe/Berlin).',
      ),
    ).toBeInTheDocument();
    const lastSent = async () => ((await bodiesOf(fetchMock, 'POST /api/v2/support/sla/preview')) as PreviewRequest[]).at(-1);
    await waitFor(async () => expect((await lastSent())?.policy?.calendars?.calendar_1?.holidays).toEqual(['2026-12-25']));
    expect((await lastSent())?.policy?.calendars).toEqual({
      calendar_1: {
        time_zone: 'Europe/Berlin',
        windows: {
          mon: [
            ['09:00', '17:00'],
            ['17:00', '24:00'],
          ],
          tue: [['09:00', '17:00']],
          wed: [['09:00', '17:00']],
          thu: [['09:00', '17:00']],
          fri: [['09:00', '17:00']],
          sun: [['02:00', '03:00']],
        },
        holidays: ['2026-12-25'],
      },
    });
  });

  it('saves the draft as a new version with a note', async () => {
    await signInAs('platform_admin');
    const fetchMock = hub();
    await openEditor();
    expect(screen.getByRole('button', { name: 'Save as version 1' })).toBeDisabled();
    fireEvent.click(within(screen.getByRole('region', { name: 'Rule 3' })).getByRole('switch', { name: /Soft target/ }));
    fireEvent.change(screen.getByRole('textbox', { name: 'What changed (note)' }), { target: { value: 'Resolution is a hard target' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save as version 1' }));
    expect(await screen.findByText('Saved as version 1')).toBeInTheDocument();
    const [saved] = (await bodiesOf(fetchMock, 'POST /api/v2/support/policies')) as { note: string; policy: { rules: { soft: boolean }[] } }[];
    expect(saved.note).toBe('Resolution is a hard target');
    expect(saved.policy.rules.map((rule) => rule.soft)).toEqual([false, false, false]);
  });

  it('support agents try drafts in the preview but cannot save', async () => {
    await signInAs('support_agent');
    hub();
    await openEditor();
    expect(screen.getByText('Only platform admins change the SLA policy. You can try changes in the preview; they are not saved.')).toBeInTheDocument();
    fireEvent.change(within(screen.getByRole('region', { name: 'Rule 1' })).getByRole('textbox', { name: 'Target' }), { target: { value: '4d' } });
    await waitFor(() => expect(previewDue()).toHaveTextContent('2026-11-24 05:00:00 UTC'));
    expect(screen.getByRole('button', { name: 'Save as version 1' })).toBeDisabled();
  });
});
