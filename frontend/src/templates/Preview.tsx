import { Box, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Component } from './rules';

// WhatsApp's marks: ```monospace```, *bold*, _italic_, ~strikethrough~ (a mark opens and closes on one line, around text).
const mark = /```([\s\S]+?)```|\*([^*\n]+?)\*|_([^_\n]+?)_|~([^~\n]+?)~/;

/** formatted draws text the way WhatsApp does: *bold*, _italic_, ~strike~ and ```monospace```, nested where WhatsApp nests them. */
export function formatted(text: string): ReactNode[] {
  const nodes: ReactNode[] = [];
  let rest = text;
  let key = 0;
  for (let found = mark.exec(rest); found; found = mark.exec(rest)) {
    if (found.index > 0) nodes.push(rest.slice(0, found.index));
    const [whole, mono, bold, italic, strike] = found;
    if (mono !== undefined) nodes.push(<code key={key++}>{mono}</code>);
    else if (bold !== undefined) nodes.push(<strong key={key++}>{formatted(bold)}</strong>);
    else if (italic !== undefined) nodes.push(<em key={key++}>{formatted(italic)}</em>);
    else nodes.push(<s key={key++}>{formatted(strike)}</s>);
    rest = rest.slice(found.index + whole.length);
  }
  if (rest) nodes.push(rest);
  return nodes;
}

/** filled puts the sample values in for {{1}}, {{2}}, …; a parameter without a sample keeps its placeholder. */
export const filled = (text: string, samples: readonly string[]) =>
  text.replace(/\{\{[\t\n\f\r ]*([1-9]\d*)[\t\n\f\r ]*\}\}/g, (placeholder, n: string) => {
    const sample = samples[Number(n) - 1]?.trim();
    return sample ? sample : placeholder;
  });

// Symbols common fonts carry (no colour emoji, which a plain system may lack).
const mediaWords: Record<string, string> = { IMAGE: '▣ Image', VIDEO: '▶ Video', DOCUMENT: '▤ Document', LOCATION: '⌖ Location' };

const buttonIcons: Record<string, string> = { QUICK_REPLY: '↩', URL: '↗', PHONE_NUMBER: '☎', OTP: '⧉' };

const fileName = (address: string) => {
  try {
    return decodeURIComponent(new URL(address).pathname.split('/').pop() ?? '');
  } catch {
    return '';
  }
};

/**
 * Preview draws a template as WhatsApp shows it to the customer: a message bubble with the
 * header, the body with the sample values filled in and its formatting, the footer, and the
 * buttons under the bubble. An authentication template shows WhatsApp's own words for the code.
 */
export function Preview({ components, category, time = '10:00' }: { components: Component[]; category?: string; time?: string }) {
  const of = (type: string) => components.find((component) => component.type === type);
  const header = of('HEADER');
  const body = of('BODY');
  const footer = of('FOOTER');
  const buttons = of('BUTTONS')?.buttons ?? [];
  const auth = category === 'AUTHENTICATION';

  const bodyText = auth
    ? `*123456* is your verification code.${body?.add_security_recommendation ? ' For your security, do not share this code.' : ''}`
    : filled(body?.text ?? '', body?.example?.body_text?.[0] ?? []);
  const footerText = auth
    ? footer?.code_expiration_minutes !== undefined
      ? `This code expires in ${footer.code_expiration_minutes} minute${footer.code_expiration_minutes === 1 ? '' : 's'}.`
      : ''
    : (footer?.text ?? '');

  return (
    <Box
      role="figure"
      aria-label="Preview"
      p="md"
      style={{ background: 'var(--mantine-color-default-hover)', borderRadius: 'var(--mantine-radius-md)', minHeight: 160 }}
    >
      <Stack gap={4} maw={340}>
        <Box
          data-testid="preview-bubble"
          px="sm"
          pt={header?.format && header.format !== 'TEXT' ? 4 : 'xs'}
          pb={4}
          style={{
            background: 'var(--mantine-color-body)',
            borderRadius: '0 8px 8px 8px',
            boxShadow: '0 1px 0.5px rgba(11, 20, 26, 0.13)',
            overflowWrap: 'anywhere',
          }}
        >
          {!auth && header?.format === 'TEXT' && (
            <Text fw={700} size="sm" mb={4} data-testid="preview-header">
              {formatted(filled(header.text ?? '', header.example?.header_text ?? []))}
            </Text>
          )}
          {!auth && header?.format && header.format !== 'TEXT' && (
            <Box
              data-testid="preview-header"
              mb={6}
              style={{ background: 'var(--mantine-color-gray-light)', borderRadius: 6, height: 120, display: 'grid', placeItems: 'center', textAlign: 'center' }}
            >
              <Text size="sm" c="dimmed">
                {mediaWords[header.format] ?? header.format}
                {header.example?.header_handle?.[0] ? <br /> : null}
                {header.example?.header_handle?.[0] ? fileName(header.example.header_handle[0]) : null}
              </Text>
            </Box>
          )}
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="preview-body">
            {bodyText ? formatted(bodyText) : <Text span c="dimmed" size="sm">The message text shows here.</Text>}
          </Text>
          {footerText && (
            <Text size="xs" c="dimmed" mt={4} data-testid="preview-footer">
              {footerText}
            </Text>
          )}
          <Text size="xs" c="dimmed" ta="right" aria-hidden>
            {time}
          </Text>
        </Box>
        {buttons.map((button, index) => (
          <Box
            key={index}
            data-testid="preview-button"
            py={6}
            px="sm"
            style={{ background: 'var(--mantine-color-body)', borderRadius: 8, textAlign: 'center', boxShadow: '0 1px 0.5px rgba(11, 20, 26, 0.13)' }}
          >
            <Text size="sm" c="blue" fw={500}>
              <span aria-hidden>{buttonIcons[button.type] ?? ''} </span>
              {button.text || (button.type === 'OTP' ? 'Copy code' : '…')}
            </Text>
          </Box>
        ))}
      </Stack>
    </Box>
  );
}
