import { Badge } from '@mantine/core';
import { channelStatusTone, qualityTone, statusTone, type Tone } from './badges';

function ToneBadge({ tone }: { tone: Tone }) {
  return (
    // A badge in a narrow table cell keeps its whole label rather than an ellipsis.
    <Badge color={tone.color} variant="light" data-color={tone.color} style={{ minWidth: 'max-content' }}>
      {tone.label}
    </Badge>
  );
}

/** ChannelStatusBadge shows a channel's lifecycle status. */
export const ChannelStatusBadge = ({ status }: { status?: string }) => <ToneBadge tone={channelStatusTone(status)} />;

/** QualityBadge shows a number's quality rating. */
export const QualityBadge = ({ rating }: { rating?: string }) => <ToneBadge tone={qualityTone(rating)} />;

/** StatusBadge shows any other status (client, partner, request, health). */
export const StatusBadge = ({ status }: { status?: string }) => <ToneBadge tone={statusTone(status)} />;
