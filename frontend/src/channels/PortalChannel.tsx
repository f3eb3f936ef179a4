import { useParams } from 'react-router';
import { ChannelDetail } from './ChannelDetail';

/** PortalChannel is a number's page in the client portal. */
export function PortalChannel() {
  const { channelId = '' } = useParams();
  return <ChannelDetail key={channelId} channelId={channelId} area="portal" back={{ label: 'My numbers', to: '/portal/numbers' }} />;
}
