import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Navigate, Outlet, Route, Routes, useLocation } from 'react-router';
import { AuditLog } from '../audit/AuditLog';
import { Channels } from '../channels/Channels';
import { MyNumbers } from '../channels/MyNumbers';
import { PartnerChannel } from '../channels/PartnerChannel';
import { PortalChannel } from '../channels/PortalChannel';
import { ClientDetail } from '../clients/ClientDetail';
import { Clients } from '../clients/Clients';
import { PartnerApiKeys } from '../keys/PartnerApiKeys';
import { ImportNumber } from '../migrations/ImportNumber';
import { OperatorMigrations } from '../migrations/OperatorMigrations';
import { PartnerMigrations } from '../migrations/PartnerMigrations';
import { PortalMigrations } from '../migrations/PortalMigrations';
import { OnboardingPage } from '../onboarding/OnboardingPage';
import { LimitRaiseRequests } from '../operator/LimitRaiseRequests';
import { PlatformNumbers } from '../operator/PlatformNumbers';
import { Simulator } from '../operator/Simulator';
import { OperatorPartnerChanges } from '../partner-changes/OperatorPartnerChanges';
import { PartnerChanges } from '../partner-changes/PartnerChanges';
import { PartnerChangeWizard } from '../partner-changes/PartnerChangeWizard';
import { PortalPartnerChanges } from '../partner-changes/PortalPartnerChanges';
import { PartnerEdit } from '../partners/PartnerEdit';
import { Partners } from '../partners/Partners';
import { PartnerSettings } from '../partners/PartnerSettings';
import { PartnerUsers } from '../partners/PartnerUsers';
import { AgentNewTicket } from '../support/AgentNewTicket';
import { KnowledgeBase } from '../support/KnowledgeBase';
import { MyTickets } from '../support/MyTickets';
import { NewTicket } from '../support/NewTicket';
import { PolicyEditor } from '../support/PolicyEditor';
import { Queue } from '../support/Queue';
import { SupportReports } from '../support/SupportReports';
import { TicketPage } from '../support/TicketPage';
import { OperatorTemplates, OperatorWabaTemplates, PartnerTemplates, PortalTemplates, PortalWabaTemplates } from '../templates/TemplatePages';
import { PartnerWebhook } from '../webhooks/PartnerWebhook';
import { WebhookAttempts } from '../webhooks/WebhookAttempts';
import { WebhookDeliveries } from '../webhooks/WebhookDeliveries';
import { WebhookHealth } from '../webhooks/WebhookHealth';
import { AreaShell } from './AreaShell';
import { ChangePassword } from './ChangePassword';
import { ComingSoon } from './ComingSoon';
import { Dashboard } from './Dashboard';
import { Login } from './Login';
import { areaOf, homePath, passwordPath, type Area } from './roles';
import { useSession, useSignedIn } from './session';

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
      {/* The connect button opens /dashboard/app/{partner_id} (1.0.2) or …/permissions (earlier). */}
      <Route path="/dashboard/app/:partnerId" element={<OnboardingPage />} />
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
            <Route path="platform-numbers" element={<PlatformNumbers />} />
            <Route path="simulator" element={<Simulator />} />
            <Route path="partner-changes" element={<OperatorPartnerChanges />} />
            <Route path="migrations" element={<OperatorMigrations />} />
            <Route path="templates" element={<OperatorTemplates />} />
            <Route path="templates/:partnerId/:clientId/:wabaId" element={<OperatorWabaTemplates />} />
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
            <Route path="clients/:clientId/wabas/:wabaId/templates" element={<PartnerTemplates />} />
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
            <Route path="templates" element={<PortalTemplates />} />
            <Route path="wabas/:wabaId/templates" element={<PortalWabaTemplates />} />
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
