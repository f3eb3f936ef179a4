import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { areaOf, homePath, passwordPath, type Area } from './auth/roles';
import { useSession, useSignedIn } from './auth/session';
import { OnboardingPage } from './onboarding/OnboardingPage';
import { AreaShell } from './screens/AreaShell';
import { ChangePassword } from './screens/ChangePassword';
import { AuditLog } from './screens/AuditLog';
import { ClientDetail } from './screens/ClientDetail';
import { Clients } from './screens/Clients';
import { Channels } from './screens/Channels';
import { ComingSoon } from './screens/ComingSoon';
import { Dashboard } from './screens/Dashboard';
import { LimitRaiseRequests } from './screens/LimitRaiseRequests';
import { Login } from './screens/Login';
import { MyNumbers } from './screens/MyNumbers';
import { PartnerApiKeys } from './screens/PartnerApiKeys';
import { PartnerChannel } from './screens/PartnerChannel';
import { PartnerEdit } from './screens/PartnerEdit';
import { PartnerSettings } from './screens/PartnerSettings';
import { PartnerUsers } from './screens/PartnerUsers';
import { PartnerWebhook } from './screens/PartnerWebhook';
import { Partners } from './screens/Partners';
import { PortalChannel } from './screens/PortalChannel';
import { Simulator } from './screens/Simulator';
import { WebhookAttempts } from './screens/WebhookAttempts';
import { WebhookDeliveries } from './screens/WebhookDeliveries';
import { WebhookHealth } from './screens/WebhookHealth';
import { ImportNumber } from './journeys/ImportNumber';
import { OperatorMigrations, OperatorPartnerChanges } from './journeys/OperatorJourneys';
import { PartnerChanges } from './journeys/PartnerChanges';
import { PartnerChangeWizard } from './journeys/PartnerChangeWizard';
import { PartnerMigrations } from './journeys/PartnerMigrations';
import { PortalMigrations } from './journeys/PortalMigrations';
import { PortalPartnerChanges } from './journeys/PortalPartnerChanges';
import { AgentNewTicket } from './support/AgentNewTicket';
import { KnowledgeBase } from './support/KnowledgeBase';
import { MyTickets } from './support/MyTickets';
import { NewTicket } from './support/NewTicket';
import { PolicyEditor } from './support/PolicyEditor';
import { Queue } from './support/Queue';
import { SupportReports } from './support/SupportReports';
import { TicketPage } from './support/TicketPage';

// RequireSession lets only a signed-in user through, and only to the password screen while the
// server requires a new password.
function RequireSession() {
  const session = useSession();
  const { pathname } = useLocation();
  const queryClient = useQueryClient();
  const signedOut = session.status === 'signed-out';
  // Nothing one user loaded may be shown to the next.
  useEffect(() => {
    if (signedOut) queryClient.clear();
  }, [signedOut, queryClient]);

  if (session.status === 'restoring') {
    return (
      <Center h="100vh">
        <Loader aria-label="Restoring session" />
      </Center>
    );
  }
  if (session.status === 'signed-out') return <Navigate to="/login" replace />;
  if (session.mustChangePassword && pathname !== passwordPath) return <Navigate to={passwordPath} replace />;
  return <Outlet />;
}

// RequireArea sends a user who opens another role's area to their own.
function RequireArea({ area }: { area: Area }) {
  const session = useSignedIn();
  return areaOf(session.user.role) === area ? <Outlet /> : <Navigate to={homePath(session)} replace />;
}

function Home() {
  return <Navigate to={homePath(useSignedIn())} replace />;
}

/** App maps every path to its screen and guards each area by role. */
export function App() {
  return (
    <Routes>
      <Route path="/login" element={<Login />} />
      {/* Integrated onboarding is public: partners' connect buttons open it before anyone is signed in. */}
      <Route path="/dashboard/app/:partnerId/permissions" element={<OnboardingPage />} />
      <Route element={<RequireSession />}>
        <Route index element={<Home />} />
        <Route element={<AreaShell />}>
          <Route path={passwordPath} element={<ChangePassword />} />
          <Route path="/operator" element={<RequireArea area="operator" />}>
            <Route index element={<Dashboard />} />
            <Route path="partners" element={<Partners />} />
            <Route path="partners/:partnerId" element={<PartnerEdit />} />
            <Route path="limit-requests" element={<LimitRaiseRequests />} />
            <Route path="webhook-health" element={<WebhookHealth />} />
            <Route path="simulator" element={<Simulator />} />
            <Route path="partner-changes" element={<OperatorPartnerChanges />} />
            <Route path="migrations" element={<OperatorMigrations />} />
            <Route path="tickets" element={<Queue />} />
            <Route path="tickets/new" element={<AgentNewTicket />} />
            <Route path="tickets/:ticketId" element={<TicketPage />} />
            <Route path="sla-policy" element={<PolicyEditor />} />
            <Route path="support-reports" element={<SupportReports />} />
            <Route path="knowledge-base" element={<KnowledgeBase />} />
            <Route path="users" element={<ComingSoon title="Users" />} />
          </Route>
          <Route path="/partner" element={<RequireArea area="partner" />}>
            <Route index element={<Dashboard />} />
            <Route path="users" element={<PartnerUsers />} />
            <Route path="clients" element={<Clients />} />
            <Route path="clients/:clientId" element={<ClientDetail />} />
            <Route path="channels" element={<Channels />} />
            <Route path="channels/:channelId" element={<PartnerChannel />} />
            <Route path="settings" element={<PartnerSettings />} />
            <Route path="api-keys" element={<PartnerApiKeys />} />
            <Route path="webhook" element={<PartnerWebhook />} />
            <Route path="webhook-deliveries" element={<WebhookDeliveries />} />
            <Route path="webhook-deliveries/:deliveryId" element={<WebhookAttempts />} />
            <Route path="audit" element={<AuditLog />} />
            <Route path="partner-changes" element={<PartnerChanges />} />
            <Route path="migrations" element={<PartnerMigrations />} />
            <Route path="support" element={<MyTickets />} />
            <Route path="support/new" element={<NewTicket />} />
            <Route path="support/:ticketId" element={<TicketPage />} />
          </Route>
          <Route path="/portal" element={<RequireArea area="portal" />}>
            <Route index element={<Dashboard />} />
            <Route path="numbers" element={<MyNumbers />} />
            <Route path="numbers/:channelId" element={<PortalChannel />} />
            <Route path="partner-changes" element={<PortalPartnerChanges />} />
            <Route path="partner-changes/new" element={<PartnerChangeWizard />} />
            <Route path="migrations" element={<PortalMigrations />} />
            <Route path="migrations/new" element={<ImportNumber />} />
            <Route path="migrations/:migrationId" element={<ImportNumber />} />
            <Route path="support" element={<MyTickets />} />
            <Route path="support/new" element={<NewTicket />} />
            <Route path="support/:ticketId" element={<TicketPage />} />
          </Route>
        </Route>
        <Route path="*" element={<Home />} />
      </Route>
    </Routes>
  );
}
