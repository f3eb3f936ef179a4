import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router';
import { areaOf, areaTitle, canManagePartnerKeys, passwordPath, roleLabel, type Area } from './roles';
import { logout, useSignedIn } from './session';

/** NavEntry is one link of an area's navigation; shownTo, when set, says which roles see it. */
interface NavEntry {
  label: string;
  to: string;
  shownTo?: (role?: string) => boolean;
}

const navigation: Record<Area, NavEntry[]> = {
  operator: [
    { label: 'Dashboard', to: '/operator' },
    { label: 'Partners', to: '/operator/partners' },
    { label: 'Limit requests', to: '/operator/limit-requests' },
    { label: 'Webhook health', to: '/operator/webhook-health' },
    { label: 'Partner changes', to: '/operator/partner-changes' },
    { label: 'Migrations', to: '/operator/migrations' },
    { label: 'Templates', to: '/operator/templates' },
    { label: 'Ticket queue', to: '/operator/tickets' },
    { label: 'SLA policy', to: '/operator/sla-policy' },
    { label: 'Support reports', to: '/operator/support-reports' },
    { label: 'Knowledge base', to: '/operator/knowledge-base' },
    { label: 'Platform numbers', to: '/operator/platform-numbers' },
    { label: 'Simulator', to: '/operator/simulator' },
    { label: 'Users', to: '/operator/users' },
  ],
  partner: [
    { label: 'Dashboard', to: '/partner' },
    { label: 'Clients', to: '/partner/clients' },
    { label: 'Channels', to: '/partner/channels' },
    { label: 'Partner changes', to: '/partner/partner-changes' },
    { label: 'Migrations', to: '/partner/migrations' },
    { label: 'Users', to: '/partner/users' },
    { label: 'Settings', to: '/partner/settings' },
    { label: 'API keys', to: '/partner/api-keys', shownTo: canManagePartnerKeys },
    { label: 'Webhook', to: '/partner/webhook' },
    { label: 'Webhook deliveries', to: '/partner/webhook-deliveries' },
    { label: 'Audit log', to: '/partner/audit' },
    { label: 'Support', to: '/partner/support' },
  ],
  portal: [
    { label: 'Dashboard', to: '/portal' },
    { label: 'My numbers', to: '/portal/numbers' },
    { label: 'Templates', to: '/portal/templates' },
    { label: 'Migrations', to: '/portal/migrations' },
    { label: 'Partner changes', to: '/portal/partner-changes' },
    { label: 'Support', to: '/portal/support' },
  ],
};

// A link is active on its own page and, except for an area's home, on the pages below it.
const isActive = (pathname: string, to: string) => pathname === to || (to.split('/').length > 2 && pathname.startsWith(`${to}/`));

/** AreaShell frames every signed-in screen: header with the user, navigation of the user's area. */
export function AreaShell() {
  const { user } = useSignedIn();
  const area = areaOf(user.role);
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure();
  const links = [...navigation[area].filter((link) => link.shownTo?.(user.role) ?? true), { label: 'Account', to: passwordPath }];

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h3">
              <Text span inherit visibleFrom="sm">
                PartnerHub ·{' '}
              </Text>
              {areaTitle[area]}
            </Title>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Text size="sm" visibleFrom="sm">
              {user.email}
            </Text>
            <Badge variant="light" visibleFrom="sm">
              {roleLabel(user.role)}
            </Badge>
            <Button variant="default" size="xs" onClick={() => void logout()}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main navigation">
        {links.map((link) => (
          <NavLink key={link.to} component={Link} to={link.to} label={link.label} active={isActive(pathname, link.to)} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
