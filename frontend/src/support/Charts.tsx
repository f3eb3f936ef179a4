/**
 * Small charts drawn as plain SVG (no chart library): grouped horizontal bars and stacked columns.
 * Each chart is one image with a title and a description that says every value in words, so a
 * screen reader gets what the bars show; each bar also has its own tooltip title.
 */
import { Group, Paper, Stack, Text, useMantineTheme } from '@mantine/core';
import { useId } from 'react';

/** Series is one kind of value in a chart, e.g. "First response". */
export interface Series {
  name: string;
  /** color is a Mantine colour name, e.g. "blue". */
  color: string;
}

/** BarRow is one group of bars: a label and one value per series (null when there is none). */
export interface BarRow {
  label: string;
  values: (number | null)[];
}

function Legend({ series }: { series: Series[] }) {
  const theme = useMantineTheme();
  return (
    <Group gap="md" aria-hidden>
      {series.map((item) => (
        <Group key={item.name} gap={6} wrap="nowrap">
          <svg width="12" height="12">
            <rect width="12" height="12" rx="2" fill={theme.colors[item.color]?.[6] ?? item.color} />
          </svg>
          <Text size="xs">{item.name}</Text>
        </Group>
      ))}
    </Group>
  );
}

/**
 * BarChart draws grouped horizontal bars: one row per label, one bar per series. max is the scale's
 * end (100 for percentages; the largest value when left out); format writes a value.
 */
export function BarChart({
  title,
  series,
  rows,
  max,
  format = String,
  empty = 'No tickets in this period.',
}: {
  title: string;
  series: Series[];
  rows: BarRow[];
  max?: number;
  format?: (value: number) => string;
  empty?: string;
}) {
  const theme = useMantineTheme();
  const id = useId();
  const labelWidth = 130;
  const valueWidth = 80;
  const width = 560;
  const barHeight = 14;
  const rowHeight = series.length * (barHeight + 3) + 12;
  const scaleEnd = max ?? Math.max(1, ...rows.flatMap((row) => row.values.filter((value): value is number => value !== null)));
  const plot = width - labelWidth - valueWidth;
  const description = rows
    .map((row) => `${row.label}: ${row.values.map((value, i) => `${series[i].name} ${value === null ? 'none' : format(value)}`).join(', ')}`)
    .join('; ');
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text fw={600} id={`${id}-title`}>
          {title}
        </Text>
        {rows.length === 0 ? (
          <Text size="sm" c="dimmed">
            {empty}
          </Text>
        ) : (
          <>
            <Legend series={series} />
            <svg
              role="img"
              aria-labelledby={`${id}-svg-title ${id}-svg-desc`}
              viewBox={`0 0 ${width} ${rows.length * rowHeight}`}
              width="100%"
              style={{ maxWidth: width, display: 'block' }}
            >
              <title id={`${id}-svg-title`}>{title}</title>
              <desc id={`${id}-svg-desc`}>{description}</desc>
              {rows.map((row, r) => (
                <g key={row.label} transform={`translate(0 ${r * rowHeight + 6})`}>
                  <text x={0} y={(series.length * (barHeight + 3)) / 2 + 4} fontSize="12" fill={theme.colors.dark[5]}>
                    {row.label}
                  </text>
                  {row.values.map((value, i) => {
                    const length = value === null ? 0 : Math.max(value > 0 ? 2 : 0, (Math.min(value, scaleEnd) / scaleEnd) * plot);
                    const y = i * (barHeight + 3);
                    const words = `${row.label}, ${series[i].name}: ${value === null ? 'none' : format(value)}`;
                    return (
                      <g key={series[i].name}>
                        <rect x={labelWidth} y={y} width={plot} height={barHeight} fill={theme.colors.gray[1]} rx="2" />
                        <rect x={labelWidth} y={y} width={length} height={barHeight} fill={theme.colors[series[i].color]?.[6] ?? series[i].color} rx="2">
                          <title>{words}</title>
                        </rect>
                        <text x={labelWidth + plot + 6} y={y + barHeight - 3} fontSize="11" fill={theme.colors.dark[3]}>
                          {value === null ? '—' : format(value)}
                        </text>
                      </g>
                    );
                  })}
                </g>
              ))}
            </svg>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** ColumnRow is one column: a label (a day) and one value per series, stacked. */
export interface ColumnRow {
  label: string;
  values: number[];
}

/** ColumnChart draws stacked columns over time, e.g. breaches per day. */
export function ColumnChart({ title, series, columns, empty = 'Nothing recorded in this period.' }: { title: string; series: Series[]; columns: ColumnRow[]; empty?: string }) {
  const theme = useMantineTheme();
  const id = useId();
  const height = 160;
  const top = 10;
  const bottom = 28;
  const left = 30;
  const width = Math.max(320, left + columns.length * 22 + 10);
  const highest = Math.max(1, ...columns.map((column) => column.values.reduce((sum, value) => sum + value, 0)));
  const plot = height - top - bottom;
  const step = (width - left - 10) / Math.max(1, columns.length);
  const barWidth = Math.max(4, Math.min(18, step - 4));
  const labelEvery = Math.max(1, Math.ceil(columns.length / 10));
  const description = columns.map((column) => `${column.label}: ${column.values.map((value, i) => `${series[i].name} ${value}`).join(', ')}`).join('; ');
  return (
    <Paper withBorder p="md">
      <Stack gap="xs">
        <Text fw={600}>{title}</Text>
        {columns.length === 0 ? (
          <Text size="sm" c="dimmed">
            {empty}
          </Text>
        ) : (
          <>
            <Legend series={series} />
            <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${width} ${height}`} width="100%" style={{ maxWidth: Math.max(width, 560), display: 'block' }}>
              <title id={`${id}-title`}>{title}</title>
              <desc id={`${id}-desc`}>{description}</desc>
              <line x1={left} x2={width - 5} y1={top + plot} y2={top + plot} stroke={theme.colors.gray[4]} />
              <text x={left - 4} y={top + 8} fontSize="10" textAnchor="end" fill={theme.colors.dark[3]}>
                {highest}
              </text>
              <text x={left - 4} y={top + plot} fontSize="10" textAnchor="end" fill={theme.colors.dark[3]}>
                0
              </text>
              {columns.map((column, c) => {
                let stacked = 0;
                const x = left + c * step + (step - barWidth) / 2;
                return (
                  <g key={column.label}>
                    {column.values.map((value, i) => {
                      const h = (value / highest) * plot;
                      stacked += h;
                      return value > 0 ? (
                        <rect key={series[i].name} x={x} y={top + plot - stacked} width={barWidth} height={h} fill={theme.colors[series[i].color]?.[6] ?? series[i].color}>
                          <title>{`${column.label}, ${series[i].name}: ${value}`}</title>
                        </rect>
                      ) : null;
                    })}
                    {c % labelEvery === 0 && (
                      <text x={x + barWidth / 2} y={height - 10} fontSize="9" textAnchor="middle" fill={theme.colors.dark[3]}>
                        {column.label.slice(5)}
                      </text>
                    )}
                  </g>
                );
              })}
            </svg>
          </>
        )}
      </Stack>
    </Paper>
  );
}
