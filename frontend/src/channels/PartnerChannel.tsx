import { useParams } from 'react-router';
import { ChannelDetail } from './ChannelDetail';

/** PartnerChannel is a number's page in the partner admin UI. */
export function PartnerChannel() {
  const { channelId = '' } = useParams();
  return <ChannelDetail key={channelId} channelId={channelId} area="partner" back={{ label: 'Channels', to: '/partner/channels' }} />;
}
