import { Alert, Anchor, Center, Container, Group, Image, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, type ReactNode } from 'react';
import { useLocation, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useSession } from '../app/session';
import { ErrorAlert } from '../ui/ErrorAlert';
import { AccountStep } from './AccountStep';
import { getOnboardingPartner, type PartnerInfo } from './api';
import { Progress } from './Progress';
import { parseOnboardingQuery } from './query';
import { ClientWizard } from './Wizard';

/** Frame is the page around every step: the partner's brand and the heading. */
function Frame({ partner, children }: { partner?: PartnerInfo; children: ReactNode }) {
  const brand = partner?.brand_name;
  return (
    <Container size={620} px="sm" py="lg">
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        <Stack>
          <Group gap="sm" wrap="nowrap">
            {partner?.logo_url && <Image src={partner.logo_url} alt={`${brand} logo`} h={40} w="auto" fit="contain" />}
            <div>
              <Title order={1} size="h2">
                {brand ? `Connect WhatsApp to ${brand}` : 'Connect WhatsApp'}
              </Title>
              <Text c="dimmed" size="sm">
                PartnerHub integrated onboarding
              </Text>
            </div>
          </Group>
          {children}
        </Stack>
      </Paper>
    </Container>
  );
}

/**
 * OnboardingPage is /dashboard/app/:partnerId/permissions, the page a partner's "connect"
 * button opens: sign up or log in, choose a plan (direct payment), add a number,
 * choose which numbers the partner may manage, and go back to the partner. It is public: it
 * works before anyone is signed in.
 */
export function OnboardingPage() {
  const { partnerId = '' } = useParams();
  const { search } = useLocation();
  const query = useMemo(() => parseOnboardingQuery(search), [search]);
  const session = useSession();
  const partner = useQuery({ queryKey: ['onboarding-partner', partnerId], queryFn: () => getOnboardingPartner(partnerId) });

  if (partner.isPending || session.status === 'restoring') {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (partner.isError) {
    const unknown = partner.error instanceof ApiError && partner.error.status === 404;
    return (
      <Frame>
        {unknown ? (
          <Alert color="red" title="This link does not lead to a partner" role="alert">
            There is no active partner with the id <strong>{partnerId}</strong>. Check the link you followed, or ask the company that sent you
            here for a new one.
          </Alert>
        ) : (
          <ErrorAlert error={partner.error} title="Could not load this page" />
        )}
      </Frame>
    );
  }

  const info = partner.data;
  const brand = info.brand_name || 'This partner';
  if (!info.redirect_configured) {
    return (
      <Frame partner={info}>
        <Alert color="orange" title={`${brand} has not finished its setup`} role="alert">
          <Stack gap="xs">
            <Text size="sm">
              {brand} has not finished its setup: no redirect URL — contact {brand}.
            </Text>
            <Text size="sm">
              Without a redirect URL there is nowhere to send you back to once your numbers are connected, so you cannot start here yet.
              Nothing has been created or changed. Please tell {brand} and try again once they have completed their integration settings.
            </Text>
          </Stack>
        </Alert>
      </Frame>
    );
  }

  const withPlan = info.plan_required === true;
  return (
    <Frame partner={info}>
      {session.status === 'signed-out' ? (
        <>
          <Progress current="account" withPlan={withPlan} />
          <AccountStep partner={info} query={query} />
        </>
      ) : (
        <ClientWizard partner={info} query={query} session={session} />
      )}
      <Text size="xs" c="dimmed">
        Your numbers stay yours: you choose which of them {brand} may manage, and you can change that here or in your{' '}
        <Anchor href="/portal" size="xs">
          client portal
        </Anchor>{' '}
        at any time.
      </Text>
    </Frame>
  );
}
