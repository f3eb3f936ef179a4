import { Button, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorAlert } from '../ui/ErrorAlert';
import { supportReport, type Attainment, type Report } from './api';
import { BarChart, ColumnChart, type BarRow, type ColumnRow, type Series } from './Charts';
import { explained, planLabel, severityLabel, sourceLabel, spanWords, statusLabel } from './words';

export const attainmentSeries: Series[] = [
  { name: 'First response', color: 'blue' },
  { name: 'Resolution', color: 'teal' },
];
export const medianSeries: Series[] = [{ name: 'Median first response', color: 'indigo' }];
export const breachSeries: Series[] = [
  { name: 'First-response breaches', color: 'red' },
  { name: 'Resolution breaches', color: 'orange' },
  { name: 'Warnings', color: 'yellow' },
];
export const openSeries: Series[] = [{ name: 'Tickets', color: 'cyan' }];

const withCount = (label: string, group: Attainment) => `${label} (${group.tickets ?? 0})`;

/** attainmentRows gives the attainment % bars of a dimension: first response and resolution per key. */
export const attainmentRows = (groups: Attainment[] = [], label: (key: string) => string): BarRow[] =>
  groups.map((group) => ({
    label: withCount(label(group.key ?? ''), group),
    values: [group.first_response_attainment_pct ?? null, group.resolution_attainment_pct ?? null],
  }));

/** medianRows gives the median first response (seconds) per key. */
export const medianRows = (groups: Attainment[] = [], label: (key: string) => string): BarRow[] =>
  groups.map((group) => ({ label: label(group.key ?? ''), values: [group.median_first_response_seconds ?? null] }));

/**
 * breachColumns gives one column per UTC day of the period — days without records show as empty
 * columns, so the time axis is even — unless the period is longer than 92 days, when only days
 * with records are drawn.
 */
export function breachColumns(report: Report): ColumnRow[] {
  const byDay = new Map((report.breaches_per_day ?? []).map((day) => [day.day ?? '', day]));
  const values = (day: string): number[] => {
    const count = byDay.get(day);
    return [count?.first_response_breaches ?? 0, count?.resolution_breaches ?? 0, count?.warnings ?? 0];
  };
  const from = report.from ? Date.parse(report.from) : Number.NaN;
  const to = report.to ? Date.parse(report.to) : Number.NaN;
  if (Number.isNaN(from) || Number.isNaN(to) || to - from > 92 * 86_400_000) {
    return [...byDay.keys()].sort().map((day) => ({ label: day, values: values(day) }));
  }
  const columns: ColumnRow[] = [];
  for (let at = Date.UTC(new Date(from).getUTCFullYear(), new Date(from).getUTCMonth(), new Date(from).getUTCDate()); at < to; at += 86_400_000) {
    const day = new Date(at).toISOString().slice(0, 10);
    columns.push({ label: day, values: values(day) });
  }
  return columns;
}

/** openRows gives the unfinished tickets by status, in the status order. */
export const openRows = (report: Report): BarRow[] =>
  ['new', 'open', 'waiting_on_customer', 'waiting_on_meta'].map((status) => ({
    label: statusLabel(status, true),
    values: [report.open_by_status?.[status] ?? 0],
  }));

const percent = (value: number) => `${value.toFixed(1)} %`;

/** ReportCharts draws the support dashboard's charts from one report. */
export function ReportCharts({ report, compact = false }: { report: Report; compact?: boolean }) {
  const overall = report.overall ?? {};
  return (
    <Stack>
      <Text size="sm">
        {overall.tickets ?? 0} tickets opened in the period · first response met{' '}
        {overall.first_response_attainment_pct === undefined || overall.first_response_attainment_pct === null
          ? '—'
          : percent(overall.first_response_attainment_pct)}{' '}
        · median first response {spanWords(overall.median_first_response_seconds)}
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <BarChart title="SLA attainment by plan" series={attainmentSeries} rows={attainmentRows(report.by_plan, planLabel)} max={100} format={percent} />
        {!compact && (
          <BarChart title="SLA attainment by severity" series={attainmentSeries} rows={attainmentRows(report.by_severity, severityLabel)} max={100} format={percent} />
        )}
        {!compact && (
          <BarChart title="SLA attainment by source" series={attainmentSeries} rows={attainmentRows(report.by_source, sourceLabel)} max={100} format={percent} />
        )}
        <BarChart title="Median first response by plan" series={medianSeries} rows={medianRows(report.by_plan, planLabel)} format={spanWords} />
        {!compact && (
          <BarChart title="Median first response by severity" series={medianSeries} rows={medianRows(report.by_severity, severityLabel)} format={spanWords} />
        )}
        {!compact && (
          <BarChart title="Median first response by source" series={medianSeries} rows={medianRows(report.by_source, sourceLabel)} format={spanWords} />
        )}
        <ColumnChart title="Breaches and warnings per day (UTC)" series={breachSeries} columns={breachColumns(report)} />
        <BarChart title="Open tickets by status (now)" series={openSeries} rows={openRows(report)} />
      </SimpleGrid>
    </Stack>
  );
}

const dateProblem = (value: string) => (value === '' || /^\d{4}-\d{2}-\d{2}$/.test(value) ? null : 'Use a date like 2026-11-01.');

/** SupportReports is the support dashboard: attainment, median first response, breaches and open tickets for a period. */
export function SupportReports() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [period, setPeriod] = useState({ from: '', to: '' });
  const report = useQuery({
    queryKey: ['support', 'reports', period],
    queryFn: () => explained(supportReport(period.from, period.to)),
    placeholderData: keepPreviousData,
  });
  const problems = { from: dateProblem(from), to: dateProblem(to) };
  return (
    <Stack>
      <Title order={2}>Support reports</Title>
      <Text c="dimmed" size="sm">
        Tickets opened in the period (the last 30 days unless you choose one; dates in UTC, the end day not included).
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!problems.from && !problems.to) setPeriod({ from, to });
        }}
      >
        <Group align="flex-end">
          <TextInput type="date" label="From" value={from} onChange={(event) => setFrom(event.currentTarget.value)} error={problems.from} />
          <TextInput type="date" label="To (not included)" value={to} onChange={(event) => setTo(event.currentTarget.value)} error={problems.to} />
          <Button type="submit">Show</Button>
        </Group>
      </form>
      <ErrorAlert error={report.error} title="Could not load the reports" />
      {report.data && <ReportCharts report={report.data} />}
    </Stack>
  );
}

/** SupportOverview is the dashboard's support block: the last 30 days in a few charts. */
export function SupportOverview() {
  const report = useQuery({ queryKey: ['support', 'reports', { from: '', to: '' }], queryFn: () => explained(supportReport()) });
  return (
    <Stack>
      <Title order={3}>Support, last 30 days</Title>
      <ErrorAlert error={report.error} title="Could not load the support figures" />
      {report.data && <ReportCharts report={report.data} compact />}
    </Stack>
  );
}
